package io.mlplab.training.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The reference the other kernels are tested against: EJML's {@code CommonOps_DDRM}, then the bias or the
 * division as separate passes. Whole products only: a row range other than all rows throws
 * {@link UnsupportedOperationException}, since EJML has no such form.
 */
final class EjmlMatrixKernels implements MatrixKernels {

    static final EjmlMatrixKernels INSTANCE = new EjmlMatrixKernels();

    private EjmlMatrixKernels() {
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd) {
        Shapes.checkMultiply(a, b, bias, c, rowStart, rowEnd);
        Shapes.checkFullRange(name(), rowStart, rowEnd, c.numRows);
        // c (n, m) = a (n, k) · b (k, m)
        CommonOps_DDRM.mult(a, b, c);
        if (bias != null) {
            // c[i][j] += bias[j], bias (1, m)
            int m = c.numCols;
            for (int i = 0; i < c.numRows; i++) {
                for (int j = 0; j < m; j++) {
                    c.data[i * m + j] += bias.data[j];
                }
            }
        }
    }

    @Override
    public void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c, int rowStart,
            int rowEnd) {
        Shapes.checkMultiplyTransposeA(a, b, c, rowStart, rowEnd);
        Shapes.checkFullRange(name(), rowStart, rowEnd, c.numRows);
        // c (k, m) = aᵀ (k, n) · b (n, m) / divisor
        CommonOps_DDRM.multTransA(a, b, c);
        CommonOps_DDRM.divide(c, divisor);
    }

    @Override
    public void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int rowStart, int rowEnd) {
        Shapes.checkMultiplyTransposeB(a, b, c, rowStart, rowEnd);
        Shapes.checkFullRange(name(), rowStart, rowEnd, c.numRows);
        // c (n, k) = a (n, m) · bᵀ (m, k)
        CommonOps_DDRM.multTransB(a, b, c);
    }

    @Override
    public void columnSums(DMatrixRMaj dz, double divisor, DMatrixRMaj db) {
        Shapes.checkColumnSums(dz, db);
        // db (1, m) = Σ_i dz (n, m) / divisor
        CommonOps_DDRM.sumCols(dz, db);
        CommonOps_DDRM.divide(db, divisor);
    }
}
