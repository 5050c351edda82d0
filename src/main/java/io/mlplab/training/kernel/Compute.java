package io.mlplab.training.kernel;


/**
 * What the trainers compute with: the matrix kernels, the element-wise kernels of the activations that
 * have one (the sigmoid), and optionally the cores they may borrow when fewer jobs run than there are
 * cores. One per process, shared by every trainer.
 *
 * @param kernels     the products ({@link MatrixKernels#select})
 * @param elementwise the activations' vectorized math ({@link ElementwiseKernels#select})
 * @param cores       the process's spare cores, or null to keep every product on the job's own thread
 */
public record Compute(MatrixKernels kernels, ElementwiseKernels elementwise, SpareCores cores) {

    /** The fastest kernels this JVM has, on the job's own thread only. */
    public static final Compute DEFAULT = of("auto");

    public Compute {
        if (kernels == null || elementwise == null) {
            throw new IllegalArgumentException("kernels are required");
        }
    }

    /** These kernels ({@code auto}, {@code vector}, {@code scalar}, {@code ejml}), on the job's own thread only. */
    public static Compute of(String kernels) {
        return of(kernels, null);
    }

    /**
     * These kernels and cores. The element-wise kernels follow the matrix kernels: vector with the vector
     * ones, plain Java with the scalar and the EJML ones (so the reference path is the seed's math).
     */
    public static Compute of(String kernels, SpareCores cores) {
        MatrixKernels matrix = MatrixKernels.select(kernels);
        return new Compute(matrix, ElementwiseKernels.select(matrix.name().equals("vector") ? "vector" : "scalar"),
                cores);
    }
}
