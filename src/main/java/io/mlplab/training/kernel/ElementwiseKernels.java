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

    /**
     * The element-wise kernels by name: {@code "scalar"} ({@link Math#exp}, {@link Math#tanh}: the same
     * values as the training code's loops), {@code "vector"} ({@code VectorOperators.EXP} and {@code TANH};
     * an {@link IllegalStateException} without the module {@code jdk.incubator.vector}), or {@code "auto"}:
     * scalar. Measured on JDK 17 here (tools/bench/kernel-speed.sh): the vector sigmoid is ~3× faster, the
     * vector tanh ~0.75× (slower). Even so the vector sigmoid is not the default, because its values depend
     * on the JIT tier: until C2 compiles it, {@code EXP} is evaluated lane by lane with {@code Math.exp};
     * compiled, it calls SVML, 1 ulp apart on some inputs (22 of 4096 normal ones of σ = 10). A run would not
     * reproduce bit for bit, and the training code's {@code Math.exp} values would change.
     *
     * @throws IllegalArgumentException for any other name
     */
    static ElementwiseKernels select(String name) {
        return switch (name) {
            case "auto", "scalar" -> ScalarElementwiseKernels.INSTANCE;
            case "vector" -> KernelSelection.vectorElementwiseKernels();
            default -> throw new IllegalArgumentException(
                    "unknown element-wise kernels '" + name + "': expected auto, vector or scalar");
        };
    }
}
