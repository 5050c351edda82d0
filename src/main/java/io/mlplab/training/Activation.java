package io.mlplab.training;

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

    /** {@code a = f(z)}. {@code a} must already have {@code z}'s shape and must not be {@code z}. */
    void forward(DMatrixRMaj z, DMatrixRMaj a);

    /**
     * {@code dZ = dA ⊙ f'(z)}, where {@code a = f(z)} from the forward pass is passed along because some
     * derivatives are cheapest from it. {@code dZ} may be the same matrix as {@code dA}.
     */
    void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ);

    /** The recommended initialization gain, as PyTorch's {@code torch.nn.init.calculate_gain}. */
    double gain();

    /** The seed's sigmoid, {@code 1 / (1 + exp(-z))}; derivative {@code s (1 - s)}. */
    record Sigmoid() implements Activation {
        @Override
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            for (int i = 0; i < z.getNumElements(); i++) {
                a.data[i] = 1 / (1 + Math.exp(-z.data[i]));
            }
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            for (int i = 0; i < z.getNumElements(); i++) {
                double s = a.data[i];
                dZ.data[i] = dA.data[i] * (s * (1 - s));
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
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            for (int i = 0; i < z.getNumElements(); i++) {
                a.data[i] = Math.max(0.0, z.data[i]);
            }
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            // multiply rather than select, so a NaN in dA propagates exactly as in numpy
            for (int i = 0; i < z.getNumElements(); i++) {
                dZ.data[i] = dA.data[i] * (z.data[i] > 0 ? 1.0 : 0.0);
            }
        }

        @Override
        public double gain() {
            return Math.sqrt(2.0);
        }
    }

    /** {@code tanh(z)}; derivative {@code 1 - tanh²(z)}. */
    record Tanh() implements Activation {
        @Override
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            for (int i = 0; i < z.getNumElements(); i++) {
                a.data[i] = Math.tanh(z.data[i]);
            }
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            for (int i = 0; i < z.getNumElements(); i++) {
                double t = a.data[i];
                dZ.data[i] = dA.data[i] * (1 - t * t);
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
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            for (int i = 0; i < z.getNumElements(); i++) {
                double v = z.data[i];
                a.data[i] = v > 0 ? v : negativeSlope * v;
            }
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            for (int i = 0; i < z.getNumElements(); i++) {
                dZ.data[i] = dA.data[i] * (z.data[i] > 0 ? 1.0 : negativeSlope);
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
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            for (int i = 0; i < z.getNumElements(); i++) {
                double v = z.data[i];
                a.data[i] = 0.5 * v * (1 + Erf.value(v * INV_SQRT2));
            }
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            for (int i = 0; i < z.getNumElements(); i++) {
                double v = z.data[i];
                double cdf = 0.5 * (1 + Erf.value(v * INV_SQRT2));
                double pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
                dZ.data[i] = dA.data[i] * (cdf + v * pdf);
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
        public void forward(DMatrixRMaj z, DMatrixRMaj a) {
            System.arraycopy(z.data, 0, a.data, 0, z.getNumElements());
        }

        @Override
        public void backward(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj dA, DMatrixRMaj dZ) {
            if (dZ != dA) {
                System.arraycopy(dA.data, 0, dZ.data, 0, dA.getNumElements());
            }
        }

        @Override
        public double gain() {
            return 1.0;
        }
    }
}
