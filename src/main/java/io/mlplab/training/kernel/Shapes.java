package io.mlplab.training.kernel;

import org.ejml.data.DMatrixRMaj;

/** Shape and range checks shared by the kernels; the messages are built only on failure. */
final class Shapes {

    private Shapes() {
    }

    /** a (n, k), b (k, m), bias (1, m) or null, c (n, m). */
    static void checkMultiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd) {
        if (a.numCols != b.numRows || c.numRows != a.numRows || c.numCols != b.numCols
                || (bias != null && (bias.numRows != 1 || bias.numCols != b.numCols))) {
            throw new IllegalArgumentException("c = a·b + bias needs a (n, k), b (k, m), bias (1, m), c (n, m); got a "
                    + shape(a) + ", b " + shape(b) + ", bias " + (bias == null ? "none" : shape(bias)) + ", c " + shape(c));
        }
        checkDistinct(c, a, b);
        checkRange(rowStart, rowEnd, c.numRows);
    }

    /** a (n, k), b (n, m), c (k, m). */
    static void checkMultiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int rowStart, int rowEnd) {
        if (a.numRows != b.numRows || c.numRows != a.numCols || c.numCols != b.numCols) {
            throw new IllegalArgumentException("c = aᵀ·b / divisor needs a (n, k), b (n, m), c (k, m); got a "
                    + shape(a) + ", b " + shape(b) + ", c " + shape(c));
        }
        checkDistinct(c, a, b);
        checkRange(rowStart, rowEnd, c.numRows);
    }

    /** a (n, m), b (k, m), c (n, k). */
    static void checkMultiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int rowStart, int rowEnd) {
        if (a.numCols != b.numCols || c.numRows != a.numRows || c.numCols != b.numRows) {
            throw new IllegalArgumentException("c = a·bᵀ needs a (n, m), b (k, m), c (n, k); got a "
                    + shape(a) + ", b " + shape(b) + ", c " + shape(c));
        }
        checkDistinct(c, a, b);
        checkRange(rowStart, rowEnd, c.numRows);
    }

    /** dz (n, m), db (1, m). */
    static void checkColumnSums(DMatrixRMaj dz, DMatrixRMaj db) {
        if (db.numRows != 1 || db.numCols != dz.numCols) {
            throw new IllegalArgumentException("db = Σ dz / divisor needs dz (n, m), db (1, m); got dz " + shape(dz)
                    + ", db " + shape(db));
        }
        checkDistinct(db, dz, dz);
    }

    static void checkFullRange(String kernel, int rowStart, int rowEnd, int rows) {
        if (rowStart != 0 || rowEnd != rows) {
            throw new UnsupportedOperationException(kernel + " computes whole products only: rows [0, " + rows
                    + "), not [" + rowStart + ", " + rowEnd + ")");
        }
    }

    private static void checkDistinct(DMatrixRMaj output, DMatrixRMaj x, DMatrixRMaj y) {
        if (output.data == x.data || output.data == y.data) {
            throw new IllegalArgumentException("the output must not share its array with an input");
        }
    }

    private static void checkRange(int rowStart, int rowEnd, int rows) {
        if (rowStart < 0 || rowEnd > rows || rowStart > rowEnd) {
            throw new IndexOutOfBoundsException("rows [" + rowStart + ", " + rowEnd + ") of " + rows);
        }
    }

    private static String shape(DMatrixRMaj m) {
        return "(" + m.numRows + ", " + m.numCols + ")";
    }
}
