package io.mlplab.data;

import java.util.Arrays;

/**
 * A train/test partition of a {@link Dataset}.
 *
 * @param train the training part
 * @param test the held-out part
 */
public record Split(Dataset train, Dataset test) {

    /**
     * Same partition as scikit-learn's
     * {@code train_test_split(X, y, test_size=testFraction, random_state=seed)} (shuffled, not
     * stratified): the test part is the first {@code ceil(testFraction * n)} entries of
     * {@code RandomState(seed).permutation(n)}, the training part the rest, both in permutation
     * order.
     *
     * @param testFraction share of samples held out, strictly between 0 and 1
     * @param seed numpy seed, in [0, 2^32 - 1]
     * @throws IllegalArgumentException if the fraction or seed is out of range, or either part
     *     would be empty
     */
    public static Split trainTest(Dataset data, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException(
                    "testFraction must be strictly between 0 and 1, got " + testFraction);
        }
        int n = data.size();
        // the product is rounded to double before ceil, exactly as sklearn computes it
        int nTest = (int) Math.ceil(testFraction * n);
        int nTrain = n - nTest;
        if (nTrain <= 0) {
            throw new IllegalArgumentException("with " + n + " samples and testFraction "
                    + testFraction + " the training set would be empty");
        }
        int[] perm = new NumpyRandom(seed).permutation(n);
        int[] test = Arrays.copyOfRange(perm, 0, nTest);
        int[] train = Arrays.copyOfRange(perm, nTest, n);
        return new Split(data.rows(train), data.rows(test));
    }
}
