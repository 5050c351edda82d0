package io.mlplab.data;

/**
 * Flips a share of the training labels, so that the training set holds mistakes the test set does not.
 *
 * <p>Draws: {@code k = floor(fraction · nTrain)} and {@code permutation(nTrain)}; the training rows at its
 * first {@code k} entries are flipped, in that order. With two classes a flip is {@code y = 1 - y} and draws
 * nothing more; with more it moves the label to another class, {@code y = (y + randint(1, classes)) % classes},
 * one {@code randint} per flipped row. A fraction of 0 draws nothing.
 */
public final class LabelNoise {

    private LabelNoise() {
    }

    /** Flips labels of {@code train} in place; returns how many. */
    public static int flip(Dataset train, double fraction, NumpyRandom random) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, got " + fraction);
        }
        int n = train.size();
        int k = (int) Math.floor(fraction * n);
        if (k == 0) {
            return 0;
        }
        int[] order = random.permutation(n);
        int classes = train.classes();
        double[] y = train.y().data;
        for (int i = 0; i < k; i++) {
            int row = order[i];
            y[row] = classes == 2 ? 1 - y[row] : (y[row] + random.nextInt(1, classes)) % classes;
        }
        return k;
    }
}
