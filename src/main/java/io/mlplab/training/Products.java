package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Every matrix product of a trainer's passes, and the one place that checks for a stop inside an epoch:
 * before each product (and, for large ones, between blocks of its output rows), so that a cancel or a
 * timeout takes effect within a bounded amount of work whatever the job's size. One per trainer.
 */
final class Products {

    /** Asked before each block of work; a stop throws {@link Stopped}. */
    private TrainingControl control = TrainingControl.NEVER;

    void watch(TrainingControl control) {
        this.control = control;
    }

    /** {@code c = a·b + bias}: a (n, k), b (k, m), bias (1, m) added to every row, c (n, m). */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c) {
        checkStop();
        CommonOps_DDRM.mult(a, b, c);
        int cols = c.numCols;
        for (int row = 0; row < c.numRows; row++) {
            int offset = row * cols;
            for (int col = 0; col < cols; col++) {
                c.data[offset + col] += bias.data[col];
            }
        }
    }

    /** {@code c = aᵀ·b / divisor}: a (n, k), b (n, m), c (k, m). */
    void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, double divisor) {
        checkStop();
        CommonOps_DDRM.multTransA(a, b, c);
        CommonOps_DDRM.divide(c, divisor);
    }

    /** {@code c = a·bᵀ}: a (n, m), b (k, m), c (n, k). */
    void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        checkStop();
        CommonOps_DDRM.multTransB(a, b, c);
    }

    /** {@code c = Σ_rows a / divisor}: a (n, m), c (1, m). */
    void columnSums(DMatrixRMaj a, DMatrixRMaj c, double divisor) {
        CommonOps_DDRM.sumCols(a, c);
        CommonOps_DDRM.divide(c, divisor);
    }

    private void checkStop() {
        if (control.shouldStop()) {
            throw Stopped.INSTANCE;
        }
    }

    /** Thrown out of a pass when the control says stop; caught by the trainer, never seen outside. */
    static final class Stopped extends RuntimeException {
        static final Stopped INSTANCE = new Stopped();

        private Stopped() {
            super("stopped", null, false, false);
        }
    }
}
