package io.mlplab.training;

import io.mlplab.training.kernel.ElementwiseKernels;
import org.apache.commons.numbers.gamma.Erf;
import org.ejml.data.DMatrixRMaj;

/**
 * An element-wise activation function: its forward pass {@code a = f(z)} and the chain rule through it,
 * {@code dZ = dA ⊙ f'(z)}.
 *
 * <p>Shapes: {@code z}, {@code a}, {@code dA} and {@code dZ} are all {@code (batch, units)}. Each
 * implementation writes its own loops (rather than sharing one loop over a {@code double -> double}
 * function) so that every call site in the loop stays monomorphic and the JIT inlines the math.
 */
public interface Activation {

    /**
     * {@code a = f(z)} on the elements {@code [from, to)} of two row-major arrays: an element's value never
     * depends on the range it is computed in, so a matrix may be done in pieces (each block of a product's
     * rows as soon as its sums are complete, on the thread that computed them). {@code a} must not be {@code z}.
     */
    void forward(double[] z, double[] a, int from, int to);

    /** {@code a = f(z)}. {@code a} must already have {@code z}'s shape and must not be {@code z}. */
    default void forward(DMatrixRMaj z, DMatrixRMaj a) {
        forward(z.data, a.data, 0, z.getNumElements());
    }

    /** {@link #forward(double[], double[], int, int)} on {@code kernels} where they have this function. */
    default void forward(double[] z, double[] a, int from, int to, ElementwiseKernels kernels) {
        forward(z, a, from, to);
    }

    /** {@code a = f(z)} on {@code kernels} where they have this function (the sigmoid, the ReLU), else {@link #forward}. */
    default void forward(DMatrixRMaj z, DMatrixRMaj a, ElementwiseKernels kernels) {
        forward(z.data, a.data, 0, z.getNumElements(), kernels);
    }

    /**
     * {@code dZ = dA ⊙ f'(z)} on the elements {@code [from, to)}, where {@code a = f(z)} from the forward pass
     * is passed along because some derivatives are cheapest from it. {@code dZ} may be the same array as
     * {@code dA}.
     */
    void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to);

    /** {@code dZ = dA ⊙ f'(z)} on whole matrices. {@code dZ} may be the same matrix as {@code dA}. */
    default void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
        backward(z.data, a.data, dA.data, dZ.data, 0, z.getNumElements());
    }

    /** {@link #backward(double[], double[], double[], double[], int, int)} on {@code kernels} where they have it. */
    default void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to,
            ElementwiseKernels kernels) {
        backward(z, a, dA, dZ, from, to);
    }

    /** {@link #backward} on {@code kernels} where they have this function (the ReLU), else {@link #backward}. */
    default void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ, ElementwiseKernels kernels) {
        backward(z.data, a.data, dA.data, dZ.data, 0, z.getNumElements(), kernels);
    }

    /** The recommended initialization gain, as PyTorch's {@code torch.nn.init.calculate_gain}. */
    double gain();

    /** The seed's sigmoid, {@code 1 / (1 + exp(-z))}; derivative {@code s (1 - s)}. */
    record Sigmoid() implements Activation {
        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = 1 / (1 + Math.exp(-z[i]));
            }
        }

        @Override
        public void forward(double[] z, double[] a, int from, int to, ElementwiseKernels kernels) {
            kernels.sigmoid(z, a, from, to);
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double s = a[i];
                dZ[i] = dA[i] * (s * (1 - s));
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /** {@code max(0, z)}; derivative 1 where {@code z > 0} and 0 elsewhere (0 at 0, as the seed). */
    record Relu() implements Activation {
        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Math.max(0.0, z[i]);
            }
        }

        @Override
        public void forward(double[] z, double[] a, int from, int to, ElementwiseKernels kernels) {
            kernels.relu(z, a, from, to);
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            // multiply rather than select, so a NaN in dA propagates exactly as in numpy
            for (int i = from; i < to; i++) {
                dZ[i] = dA[i] * (z[i] > 0 ? 1.0 : 0.0);
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to,
                ElementwiseKernels kernels) {
            kernels.reluBackward(z, dA, dZ, from, to);
        }

        @Override
        public double gain() {
            return Math.sqrt(2.0);
        }
    }

    /** {@code tanh(z)}; derivative {@code 1 - tanh²(z)}. */
    record Tanh() implements Activation {
        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Math.tanh(z[i]);
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double t = a[i];
                dZ[i] = dA[i] * (1 - t * t);
            }
        }

        @Override
        public double gain() {
            return 5.0 / 3.0;
        }
    }

    /** {@code z} for {@code z > 0}, else {@code negativeSlope · z}; derivative 1 or {@code negativeSlope}. */
    record LeakyRelu(double negativeSlope) implements Activation {
        /** The slope PyTorch and the contract use when none is given. */
        public static final double DEFAULT_SLOPE = 0.01;

        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = v > 0 ? v : negativeSlope * v;
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                dZ[i] = dA[i] * (z[i] > 0 ? 1.0 : negativeSlope);
            }
        }

        @Override
        public double gain() {
            return Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
        }
    }

    /**
     * The exact GELU, {@code z Φ(z) = z/2 (1 + erf(z/√2))}; derivative {@code Φ(z) + z φ(z)}.
     * PyTorch's {@code calculate_gain} has no entry for it; we use 1.
     */
    record Gelu() implements Activation {
        private static final double INV_SQRT2 = 0.7071067811865476;
        private static final double INV_SQRT_2PI = 0.3989422804014327;

        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = 0.5 * v * (1 + Erf.value(v * INV_SQRT2));
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                double cdf = 0.5 * (1 + Erf.value(v * INV_SQRT2));
                double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                dZ[i] = dA[i] * (cdf + v * pdf);
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /**
     * The tanh approximation of GELU, PyTorch's {@code gelu(approximate="tanh")}:
     * {@code z/2 (1 + tanh(u))} with {@code u = √(2/π) (z + 0.044715 z³)}; derivative
     * {@code (1 + tanh u)/2 + z/2 (1 - tanh² u) √(2/π) (1 + 3·0.044715 z²)}. Gain 1, as {@link Gelu}.
     */
    record GeluTanh() implements Activation {
        private static final double BETA = 0.7978845608028654;   // √(2/π)
        private static final double KAPPA = 0.044715;

        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = 0.5 * v * (1 + Math.tanh(BETA * (v + KAPPA * v * v * v)));
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                double t = Math.tanh(BETA * (v + KAPPA * v * v * v));
                double left = 0.5 * (1 + t);
                double right = 0.5 * v * (1 - t * t) * BETA * (1 + 3 * KAPPA * v * v);
                dZ[i] = dA[i] * (left + right);
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /**
     * ELU, PyTorch's {@code elu}: {@code z} for {@code z > 0}, else {@code alpha (exp(z) - 1)}; derivative
     * 1, or {@code alpha exp(z)}. {@code calculate_gain} has no entry for it; we use 1.
     */
    record Elu(double alpha) implements Activation {
        /** PyTorch's default {@code alpha}. */
        public static final double DEFAULT_ALPHA = 1.0;

        /** PyTorch's default, {@code alpha = 1}. */
        public Elu() {
            this(DEFAULT_ALPHA);
        }

        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = v > 0 ? v : alpha * Math.expm1(v);
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                dZ[i] = dA[i] * (v > 0 ? 1.0 : alpha * Math.exp(v));
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /**
     * SiLU (swish), {@code z σ(z)}; derivative {@code σ(z) (1 + z (1 - σ(z)))}. {@code calculate_gain}
     * has no entry for it; we use 1.
     */
    record Silu() implements Activation {
        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = v / (1 + Math.exp(-v));
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                double s = 1 / (1 + Math.exp(-v));
                dZ[i] = dA[i] * (s * (1 + v * (1 - s)));
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /**
     * Softplus as PyTorch's default ({@code beta = 1, threshold = 20}): {@code log(1 + exp(z))}, and
     * {@code z} itself where {@code z > 20} (the two differ there by less than {@code 2.1e-9});
     * derivative {@code σ(z)}, and 1 where {@code z > 20}. {@code calculate_gain} has no entry; we use 1.
     */
    record Softplus() implements Activation {
        private static final double THRESHOLD = 20.0;

        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                a[i] = v > THRESHOLD ? v : Math.log1p(Math.exp(v));
            }
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            for (int i = from; i < to; i++) {
                double v = z[i];
                double e = Math.exp(v);
                dZ[i] = dA[i] * (v > THRESHOLD ? 1.0 : e / (e + 1));
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }

    /** The identity; derivative 1. */
    record Linear() implements Activation {
        @Override
        public void forward(double[] z, double[] a, int from, int to) {
            System.arraycopy(z, from, a, from, to - from);
        }

        @Override
        public void backward(double[] z, double[] a, double[] dA, double[] dZ, int from, int to) {
            if (dZ != dA) {
                System.arraycopy(dA, from, dZ, from, to - from);
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }
}
