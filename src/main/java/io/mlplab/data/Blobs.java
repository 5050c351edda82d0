package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * The seed's two Gaussian blobs: {@code samples / 2} rows of class 1 drawn first, each feature
 * {@code randn · noise + center}, then the remaining rows of class 0 around {@code -center}.
 *
 * <p>Draws: {@code samples · features} calls to {@code randn()}, row-major, class 1 first. With
 * {@code noise = 1} the values are the seed's {@code randn(n/2, d) + [center]*d} to the last bit.
 */
public record Blobs(int samples, int features, double center, double noise) implements DatasetGenerator {

    @Override
    public Dataset generate(NumpyRandom random) {
        int positives = samples / 2;
        DMatrixRMaj x = new DMatrixRMaj(samples, features);   // (samples, features)
        DMatrixRMaj y = new DMatrixRMaj(samples, 1);          // (samples, 1) labels
        random.fillGaussian(x);
        for (int row = 0; row < samples; row++) {
            boolean positive = row < positives;
            double c = positive ? center : -center;
            for (int col = 0; col < features; col++) {
                int i = row * features + col;
                x.data[i] = x.data[i] * noise + c;
            }
            y.data[row] = positive ? 1.0 : 0.0;
        }
        return new Dataset(x, y, 2);
    }
}
