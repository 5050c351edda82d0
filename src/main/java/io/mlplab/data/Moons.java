package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * Two interleaving half circles, scikit-learn's {@code make_moons(samples, noise=noise, random_state=R)} with
 * {@code R} the job's stream: the same points, labels and draws.
 *
 * <p>Points: {@code samples / 2} on the outer moon {@code (cos t, sin t)}, label 0, then the rest on the inner
 * moon {@code (1 - cos t, 1 - sin t - 0.5)}, label 1, {@code t} evenly spaced on {@code [0, π]} as
 * {@code numpy.linspace} spaces it. Draws, in this order: {@code shuffle(arange(samples))} (the rows' order),
 * then {@code samples · 2} calls to {@code randn()}, row-major, each added as {@code noise · randn()}.
 */
public record Moons(int samples, double noise) implements DatasetGenerator {

    public Moons {
        if (samples < 2) {
            throw new IllegalArgumentException("moons need at least 2 samples, got " + samples);
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        int outer = samples / 2;
        int inner = samples - outer;
        double[] px = new double[samples];
        double[] py = new double[samples];
        double[] label = new double[samples];
        for (int i = 0; i < outer; i++) {
            double t = linspace(Math.PI, outer, i, true);
            px[i] = StrictMath.cos(t);
            py[i] = StrictMath.sin(t);
        }
        for (int i = 0; i < inner; i++) {
            double t = linspace(Math.PI, inner, i, true);
            px[outer + i] = 1 - StrictMath.cos(t);
            py[outer + i] = 1 - StrictMath.sin(t) - 0.5;
            label[outer + i] = 1;
        }
        return ShuffledPoints.finish(px, py, label, noise, random, 2);
    }

    /**
     * Point {@code i} of {@code numpy.linspace(0, stop, num, endpoint)}: {@code i · step} with
     * {@code step = stop / (num - 1)} (or {@code / num} without the end point), the end point exactly {@code stop}.
     */
    static double linspace(double stop, int num, int i, boolean endpoint) {
        int div = endpoint ? num - 1 : num;
        if (div <= 0) {
            return 0.0;
        }
        if (endpoint && i == num - 1) {
            return stop;
        }
        return i * (stop / div) + 0.0;
    }

    /** What moons and circles share after placing their points: sklearn's shuffle, then its noise. */
    static final class ShuffledPoints {
        private ShuffledPoints() {
        }

        /**
         * {@code X = X[shuffle(arange(n))] ; X += normal(scale=noise, size=(n, 2))}, as scikit-learn's
         * {@code util_shuffle} and {@code generator.normal} draw them.
         */
        static Dataset finish(double[] px, double[] py, double[] label, double noise, NumpyRandom random,
                              int classes) {
            int n = px.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            random.shuffle(order);
            DMatrixRMaj x = new DMatrixRMaj(n, 2);   // (samples, 2)
            DMatrixRMaj y = new DMatrixRMaj(n, 1);   // (samples, 1) labels
            for (int r = 0; r < n; r++) {
                x.data[2 * r] = px[order[r]];
                x.data[2 * r + 1] = py[order[r]];
                y.data[r] = label[order[r]];
            }
            for (int i = 0; i < x.getNumElements(); i++) {
                // numpy's legacy normal is loc + scale · gauss with loc 0
                x.data[i] += 0.0 + noise * random.nextGaussian();
            }
            return new Dataset(x, y, classes);
        }
    }
}
