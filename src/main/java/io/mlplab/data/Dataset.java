package io.mlplab.data;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * A labelled classification data set.
 *
 * <p>The matrices are shared, not copied: the record is a carrier, and equality is that of the
 * matrices (identity).
 *
 * @param x features, shape (n, features), one sample per row
 * @param y labels, shape (n, 1), holding class indices {@code 0..classes-1} as doubles
 * @param classes number of classes, at least 1
 */
public record Dataset(DMatrixRMaj x, DMatrixRMaj y, int classes) {

    /**
     * @throws IllegalArgumentException if the shapes disagree or {@code classes < 1}
     * @throws NullPointerException if a matrix is null
     */
    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (y.getNumCols() != 1) {
            throw new IllegalArgumentException("y must have one column, got " + y.getNumCols());
        }
        if (x.getNumRows() != y.getNumRows()) {
            throw new IllegalArgumentException(
                    "x has " + x.getNumRows() + " rows but y has " + y.getNumRows());
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
    }

    /** Number of samples. */
    public int size() {
        return x.getNumRows();
    }

    /**
     * Copies the given rows, in the given order, into a new data set; indices may repeat.
     *
     * @throws IndexOutOfBoundsException if an index is not a row of this data set
     */
    public Dataset rows(int[] indices) {
        int cols = x.getNumCols();
        DMatrixRMaj xs = new DMatrixRMaj(indices.length, cols);
        DMatrixRMaj ys = new DMatrixRMaj(indices.length, 1);
        for (int r = 0; r < indices.length; r++) {
            int i = Objects.checkIndex(indices[r], size());
            System.arraycopy(x.data, i * cols, xs.data, r * cols, cols);
            ys.data[r] = y.data[i];
        }
        return new Dataset(xs, ys, classes);
    }
}
