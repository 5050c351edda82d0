package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * Column standardization matching scikit-learn's {@code StandardScaler().fit_transform(X)}.
 *
 * <p>The arithmetic follows sklearn's {@code _incremental_mean_and_var} on a first fit: column
 * sums accumulated row by row (what numpy does when reducing axis 0 of a C-ordered matrix),
 * then the corrected two-pass variance {@code (sum(d^2) - sum(d)^2 / n) / n} with
 * {@code d = x - mean}. For matrices with two or more columns this reproduces sklearn bit for
 * bit; for a single column numpy switches to pairwise summation once n reaches 8, so results
 * may then differ in the last bits.
 */
public final class StandardScaler {

    private static final double EPS = Math.ulp(1.0);

    private StandardScaler() {
    }

    /**
     * Replaces every column by {@code (column - mean) / std} (population std, ddof 0). Columns that are
     * constant up to rounding, by sklearn's own test, are only centered.
     *
     * @throws IllegalArgumentException if {@code x} has no rows
     */
    public static void standardizeInPlace(DMatrixRMaj x) {
        fit(x).transformInPlace(x);
    }

    /**
     * The column means and scales of {@code x}, as {@code StandardScaler().fit(X)} gives them in
     * {@code mean_} and {@code scale_}: a constant column (by sklearn's own test) has scale 1.
     *
     * @throws IllegalArgumentException if {@code x} has no rows
     */
    public static Fit fit(DMatrixRMaj x) {
        int rows = x.getNumRows();
        int cols = x.getNumCols();
        if (rows == 0) {
            throw new IllegalArgumentException("cannot standardize a matrix with no rows");
        }
        double[] a = x.data;
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += a[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        double[] correction = new double[cols];
        double[] squares = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = a[r * cols + c] - mean[c];
                correction[c] += d;
                squares[c] += d * d;
            }
        }
        double[] scale = new double[cols];
        for (int c = 0; c < cols; c++) {
            double var = (squares[c] - sq(correction[c]) / rows) / rows;
            // sklearn's _is_constant_feature: variance within rounding noise of the mean counts
            // as zero, so a constant column is not blown up by dividing by ~1e-17
            double bound = rows * EPS * var + sq(rows * mean[c] * EPS);
            scale[c] = var <= bound ? 1.0 : Math.sqrt(var);
        }
        return new Fit(mean, scale);
    }

    /**
     * A fitted scaler: {@code x' = (x - mean) / scale} per column, sklearn's {@code transform}.
     *
     * @param mean  per column, what is subtracted
     * @param scale per column, what the difference is divided by (1 for a constant column)
     */
    public record Fit(double[] mean, double[] scale) {

        /** The scaler that changes nothing: mean 0 and scale 1 in each of {@code columns}. */
        public static Fit identity(int columns) {
            double[] ones = new double[columns];
            java.util.Arrays.fill(ones, 1.0);
            return new Fit(new double[columns], ones);
        }

        public Fit {
            if (mean.length != scale.length) {
                throw new IllegalArgumentException("mean and scale differ in length");
            }
            mean = mean.clone();
            scale = scale.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] scale() {
            return scale.clone();
        }

        /** Columns this scaler was fitted on. */
        public int columns() {
            return mean.length;
        }

        /** {@code x = (x - mean) / scale}, column by column, in place. */
        public void transformInPlace(DMatrixRMaj x) {
            int cols = x.getNumCols();
            if (cols != mean.length) {
                throw new IllegalArgumentException("fitted on " + mean.length + " columns, got " + cols);
            }
            double[] a = x.data;
            for (int r = 0; r < x.getNumRows(); r++) {
                for (int c = 0; c < cols; c++) {
                    a[r * cols + c] = (a[r * cols + c] - mean[c]) / scale[c];
                }
            }
        }
    }

    // numpy evaluates v ** 2 as v * v; Math.pow need not be exact
    private static double sq(double v) {
        return v * v;
    }
}
