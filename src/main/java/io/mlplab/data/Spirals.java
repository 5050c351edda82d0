package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code arms} interleaved spiral arms around the origin (TensorFlow Playground's spiral, for two arms), one
 * class per arm. Arm {@code a} owns the consecutive rows {@code [a·samples / arms, (a+1)·samples / arms)}
 * (integer division); its {@code i}-th of {@code m} points has radius {@code r = i / m} and angle
 * {@code t = 1.75 · 2π · r + 2π · a / arms}, at {@code (r·sin t, r·cos t)}: each arm turns 1.75 times and grows
 * from the centre to radius 1.
 *
 * <p>Draws: {@code samples · 2} calls to {@code randn()}, row-major, each added as {@code noise · randn()}. In
 * numpy, per arm: {@code r = arange(m) / m ; t = 1.75 * (2 * pi) * r + (2 * pi) * a / arms}, then
 * {@code X = P + noise * randn(n, 2)}.
 */
public record Spirals(int samples, int arms, double noise) implements DatasetGenerator {

    /** Two arms, as TensorFlow Playground draws them. */
    public static final int DEFAULT_ARMS = 2;

    public Spirals {
        if (arms < 2 || samples < arms) {
            throw new IllegalArgumentException("spirals need at least 2 arms and one sample per arm");
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        DMatrixRMaj x = new DMatrixRMaj(samples, 2);   // (samples, 2)
        DMatrixRMaj y = new DMatrixRMaj(samples, 1);   // (samples, 1) arm indices
        double turn = 2 * Math.PI;
        for (int arm = 0; arm < arms; arm++) {
            int from = (int) ((long) arm * samples / arms);
            int to = (int) ((long) (arm + 1) * samples / arms);
            int m = to - from;
            double offset = turn * arm / arms;
            for (int i = 0; i < m; i++) {
                double r = (double) i / m;
                double t = 1.75 * turn * r + offset;
                int row = from + i;
                x.data[2 * row] = r * StrictMath.sin(t);
                x.data[2 * row + 1] = r * StrictMath.cos(t);
                y.data[row] = arm;
            }
        }
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] += noise * random.nextGaussian();
        }
        return new Dataset(x, y, arms);
    }
}
