package io.mlplab.training;

import io.mlplab.training.kernel.MatrixKernels;

/**
 * What the trainers compute with: the matrix kernels and, optionally, the cores they may borrow when
 * fewer jobs run than there are cores. One per process, shared by every trainer.
 *
 * @param kernels the products ({@link MatrixKernels#select})
 * @param cores   the process's spare cores, or null to keep every product on the job's own thread
 */
public record Compute(MatrixKernels kernels, SpareCores cores) {

    /** The fastest kernels this JVM has, on the job's own thread only. */
    public static final Compute DEFAULT = new Compute(MatrixKernels.select("auto"), null);

    public Compute {
        if (kernels == null) {
            throw new IllegalArgumentException("kernels are required");
        }
    }

    /** These kernels, on the job's own thread only. */
    public static Compute of(String kernels) {
        return new Compute(MatrixKernels.select(kernels), null);
    }
}
