package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * The four quadrants of the square {@code [-1, 1)²}, labelled as the exclusive or of the two coordinates' signs
 * (TensorFlow Playground's "exclusive or"): label 1 where exactly one coordinate is positive, 0 elsewhere.
 *
 * <p>Draws, in this order: {@code samples · 2} calls to {@code rand()}, row-major, each giving a clean coordinate
 * {@code 2·u - 1}; then {@code samples · 2} calls to {@code randn()}, row-major. The label is taken from the clean
 * point, the features are the point plus {@code noise · randn()}. In numpy:
 * {@code P = 2 * rand(n, 2) - 1 ; y = (P[:, 0] > 0) != (P[:, 1] > 0) ; X = P + noise * randn(n, 2)}.
 */
public record Xor(int samples, double noise) implements DatasetGenerator {

    public Xor {
        if (samples < 2) {
            throw new IllegalArgumentException("xor needs at least 2 samples, got " + samples);
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        DMatrixRMaj x = new DMatrixRMaj(samples, 2);   // (samples, 2)
        DMatrixRMaj y = new DMatrixRMaj(samples, 1);   // (samples, 1) labels
        random.fillUniform(x);
        for (int r = 0; r < samples; r++) {
            double a = 2 * x.data[2 * r] - 1;
            double b = 2 * x.data[2 * r + 1] - 1;
            x.data[2 * r] = a;
            x.data[2 * r + 1] = b;
            y.data[r] = (a > 0) != (b > 0) ? 1 : 0;
        }
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] += noise * random.nextGaussian();
        }
        return new Dataset(x, y, 2);
    }
}
