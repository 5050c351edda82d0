package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code classes} Gaussian blobs with random centres, for multi-class experiments. Class {@code c} owns
 * the consecutive rows {@code [c·samples / classes, (c+1)·samples / classes)} (integer division), class 0
 * first; each feature is {@code randn · noise + centre[c][feature]}.
 *
 * <p>Draws, in this order: {@code classes · features} calls to {@code rand()}, row-major over
 * {@code centre (classes, features)}, each giving {@code spread · (2·u - 1)}, a centre coordinate
 * uniform on {@code [-spread, spread)}; then {@code samples · features} calls to {@code randn()},
 * row-major over the samples. In numpy: {@code C = spread * (2 * rand(k, d) - 1)}, then
 * {@code X = randn(n, d) * noise + C[labels]}.
 */
public record GaussianBlobs(int samples, int features, int classes, double spread, double noise)
        implements DatasetGenerator {

        /** Classes when none are asked for. */
        public static final int DEFAULT_CLASSES = 3;
        /** Centre coordinates are uniform on {@code [-2, 2)} when no spread is asked for. */
        public static final double DEFAULT_SPREAD = 2.0;

    public GaussianBlobs {
        if (classes < 1 || samples < classes || features < 1) {
            throw new IllegalArgumentException("need at least one feature and one sample per class");
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        DMatrixRMaj centre = new DMatrixRMaj(classes, features);   // (classes, features)
        random.fillUniform(centre);
        for (int i = 0; i < centre.getNumElements(); i++) {
            centre.data[i] = spread * (2 * centre.data[i] - 1);
        }
        DMatrixRMaj x = new DMatrixRMaj(samples, features);        // (samples, features)
        DMatrixRMaj y = new DMatrixRMaj(samples, 1);               // (samples, 1) class indices
        random.fillGaussian(x);
        int label = 0;
        for (int row = 0; row < samples; row++) {
            while ((long) (label + 1) * samples / classes <= row) {
                label++;
            }
            for (int col = 0; col < features; col++) {
                int i = row * features + col;
                x.data[i] = x.data[i] * noise + centre.data[label * features + col];
            }
            y.data[row] = label;
        }
        return new Dataset(x, y, classes);
    }
}
