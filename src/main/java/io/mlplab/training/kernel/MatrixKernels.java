package io.mlplab.training.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * The three matrix products of a dense layer's forward and backward pass, and the bias gradient, on
 * row-major {@link DMatrixRMaj}. Outputs are shaped by the caller and never reallocated; no call allocates.
 *
 * <p>Summation order. In the {@link #select scalar and vector kernels} every output element is one fused
 * multiply-add chain in a fixed order that depends only on the shapes, never on the tiling, the row range
 * or the kernel: so a product computed in several row ranges (on several threads, or with a cancel check
 * between them) is bit-identical to one call, and the scalar and vector kernels give bit-identical results.
 * The orders are given with each method. The EJML reference rounds differently (no FMA, its own blocking)
 * and agrees to within rounding.
 *
 * <p>An output must not share its array with an input.
 */
public interface MatrixKernels {

    /** {@code "ejml"}, {@code "scalar"} or {@code "vector"}. */
    String name();

    /**
     * {@code c = a·b + bias}, the bias row added to every row of the product after the full sum (as numpy's
     * {@code (a @ b) + bias}): {@code c[i][j] = (Σ_p a[i][p]·b[p][j]) + bias[j]}, the sum an FMA chain over
     * {@code p = 0 … k-1} from 0.
     *
     * @param a (n, k)
     * @param b (k, m)
     * @param bias (1, m), or null for none
     * @param c (n, m), written
     */
    default void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c) {
        multiply(a, b, bias, c, 0, c.numRows);
    }

    /** {@link #multiply(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)} for rows {@code [rowStart, rowEnd)} of c only. */
    void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd);

    /**
     * The doubles {@link #pack} needs to hold b in the layout this kernel's a·b reads, or 0 when it reads b as
     * it lies (the scalar and EJML kernels, and a b too small to pay for packing). A product computed in many
     * row ranges (blocks between stop checks, shared by threads) packs b once for all of them instead of
     * once per range.
     *
     * @param a (n, k)
     * @param b (k, m)
     */
    default int packedLength(DMatrixRMaj a, DMatrixRMaj b) {
        return 0;
    }

    /**
     * Writes b into {@code packed} ({@link #packedLength} doubles at least) for {@link #multiplyPacked}. The
     * result is read only, so several threads may use it at once.
     */
    default void pack(DMatrixRMaj b, double[] packed) {
        throw new UnsupportedOperationException(name() + " kernels read b as it lies");
    }

    /**
     * {@link #multiply(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, DMatrixRMaj, int, int)} on a b that
     * {@link #pack} has packed into {@code packed}, which b must still equal: the same sums in the same order,
     * so the same bits, without packing b again. With a {@link #packedLength} of 0 it is the plain call.
     */
    default void multiplyPacked(DMatrixRMaj a, DMatrixRMaj b, double[] packed, DMatrixRMaj bias, DMatrixRMaj c,
            int rowStart, int rowEnd) {
        multiply(a, b, bias, c, rowStart, rowEnd);
    }

    /**
     * {@code c = (aᵀ·b) / divisor}, each finished sum divided (not multiplied by {@code 1/divisor}), as
     * {@code dW = Aᵀ·dZ / n}: {@code c[i][j] = (Σ_p a[p][i]·b[p][j]) / divisor}, the sum an FMA chain over
     * {@code p = 0 … n-1} from 0.
     *
     * @param a (n, k)
     * @param b (n, m)
     * @param c (k, m), written
     */
    default void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c) {
        multiplyTransposeA(a, b, divisor, c, 0, c.numRows);
    }

    /**
     * {@link #multiplyTransposeA(DMatrixRMaj, DMatrixRMaj, double, DMatrixRMaj)} for rows
     * {@code [rowStart, rowEnd)} of c only, that is columns {@code [rowStart, rowEnd)} of a.
     */
    void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c, int rowStart, int rowEnd);

    /**
     * {@code c = a·bᵀ}, as {@code dA = dZ·Wᵀ} with W (in, out): {@code c[i][j] = Σ_p a[i][p]·b[j][p]}.
     * Order: with {@code m4 = m - m % 4}, four FMA chains from 0, chain {@code l} over
     * {@code p = l, l+4, … < m4}, added as {@code ((s0 + s1) + s2) + s3}, then an FMA chain on over
     * {@code p = m4 … m-1} (the order of a dot product in 4 lanes along the two rows; the training computes
     * {@code dA} as {@code dZ·(Wᵀ)} with {@link #multiply} instead, whose order is one chain).
     *
     * @param a (n, m)
     * @param b (k, m)
     * @param c (n, k), written
     */
    default void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        multiplyTransposeB(a, b, c, 0, c.numRows);
    }

    /** {@link #multiplyTransposeB(DMatrixRMaj, DMatrixRMaj, DMatrixRMaj)} for rows {@code [rowStart, rowEnd)} of c only. */
    void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int rowStart, int rowEnd);

    /**
     * {@code db = (Σ_i dz[i][·]) / divisor}, the column sums divided, as {@code db = Σ dZ / n}:
     * {@code db[j] = (Σ_i dz[i][j]) / divisor}, summed over {@code i = 0 … n-1} in order from 0.
     *
     * @param dz (n, m)
     * @param db (1, m), written
     */
    void columnSums(DMatrixRMaj dz, double divisor, DMatrixRMaj db);

    /**
     * The kernels by name: {@code "vector"} (the Vector API, {@code jdk.incubator.vector}; an
     * {@link IllegalStateException} when that module is not in the boot layer), {@code "scalar"} (plain
     * Java), {@code "ejml"} (EJML's {@code CommonOps_DDRM}, the reference; full row ranges only) or
     * {@code "auto"} (vector when the module is present, else scalar). Each is a stateless singleton, safe
     * to share between threads.
     *
     * @throws IllegalArgumentException for any other name
     */
    static MatrixKernels select(String name) {
        return switch (name) {
            case "auto" -> KernelSelection.vectorModulePresent() ? KernelSelection.vectorMatrixKernels()
                    : ScalarMatrixKernels.INSTANCE;
            case "vector" -> KernelSelection.vectorMatrixKernels();
            case "scalar" -> ScalarMatrixKernels.INSTANCE;
            case "ejml" -> EjmlMatrixKernels.INSTANCE;
            default -> throw new IllegalArgumentException(
                    "unknown matrix kernels '" + name + "': expected auto, vector, scalar or ejml");
        };
    }
}
