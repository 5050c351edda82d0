package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * Another generator's data with {@code count} irrelevant standard-normal features appended after its own.
 *
 * <p>Draws: the data's own draws first, then {@code samples · count} calls to {@code randn()}, row-major. In
 * numpy: {@code X = hstack([X, randn(n, count)])}.
 */
public record NoiseFeatures(DatasetGenerator data, int count) implements DatasetGenerator {

    public NoiseFeatures {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        Dataset own = data.generate(random);
        int rows = own.size();
        int cols = own.x().numCols;
        DMatrixRMaj noise = new DMatrixRMaj(rows, count);   // (samples, count)
        random.fillGaussian(noise);
        DMatrixRMaj x = new DMatrixRMaj(rows, cols + count); // (samples, features + count)
        for (int r = 0; r < rows; r++) {
            System.arraycopy(own.x().data, r * cols, x.data, r * (cols + count), cols);
            System.arraycopy(noise.data, r * count, x.data, r * (cols + count) + cols, count);
        }
        return new Dataset(x, own.y(), own.classes());
    }
}
