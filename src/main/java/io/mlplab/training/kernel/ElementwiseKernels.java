package io.mlplab.training.kernel;

/**
 * Element-wise activation math over index ranges {@code [from, to)} of flat arrays (a matrix's
 * {@code data}), so the caller can split a batch's elements like a product's rows. {@code out} may be
 * {@code z} itself. No call allocates.
 *
 * <p>erf (for the exact GELU) has no Vector API operator and stays scalar, commons-numbers' {@code Erf}.
 */
public interface ElementwiseKernels {

    /** {@code "scalar"} or {@code "vector"}. */
    String name();

    /** {@code out[i] = 1 / (1 + exp(-z[i]))} for {@code from ≤ i < to}. */
    void sigmoid(double[] z, double[] out, int from, int to);

    /** {@code out[i] = tanh(z[i])} for {@code from ≤ i < to}. */
    void tanh(double[] z, double[] out, int from, int to);

    /** {@code out[i] = Math.max(0.0, z[i])} for {@code from ≤ i < to}: exact, the same in every kernel. */
    void relu(double[] z, double[] out, int from, int to);

    /**
     * {@code dZ[i] = dA[i] · (z[i] > 0 ? 1 : 0)} for {@code from ≤ i < to}, a multiplication rather than a
     * selection so that a NaN or an infinity in {@code dA} propagates as in numpy; {@code dZ} may be
     * {@code dA}. Exact, the same in every kernel.
     */
    void reluBackward(double[] z, double[] dA, double[] dZ, int from, int to);

    /**
     * The element-wise kernels by name: {@code "scalar"} ({@link Math#exp}, {@link Math#tanh}: the same
     * values as the training code's loops), {@code "vector"} (the sigmoid on a polynomial exp of our own,
     * tanh as the scalar kernels; an {@link IllegalStateException} without the module
     * {@code jdk.incubator.vector}), or {@code "auto"}: vector when the module is present, else scalar.
     * The vector sigmoid uses only exactly rounded operations (FMA, add, multiply, divide), so unlike
     * {@code VectorOperators.EXP} (SVML once C2 compiles it, {@code Math.exp} lane by lane before) its values
     * do not depend on the JIT tier: runs reproduce bit for bit. SVML's tanh was measured slower than
     * {@link Math#tanh} here and also depends on the JIT tier, so the vector kernels' tanh is {@link Math#tanh}.
     *
     * @throws IllegalArgumentException for any other name
     */
    static ElementwiseKernels select(String name) {
        return switch (name) {
            case "auto" -> KernelSelection.vectorModulePresent() ? KernelSelection.vectorElementwiseKernels()
                    : ScalarElementwiseKernels.INSTANCE;
            case "scalar" -> ScalarElementwiseKernels.INSTANCE;
            case "vector" -> KernelSelection.vectorElementwiseKernels();
            default -> throw new IllegalArgumentException(
                    "unknown element-wise kernels '" + name + "': expected auto, vector or scalar");
        };
    }
}
