package io.mlplab.training;

import java.util.List;

/**
 * One entry of a model's hidden stack, in order, as PyTorch's {@code nn.Sequential} would list it. The
 * output layer (linear to the outputs, then the output activation) is not part of the list: the trainer
 * appends it.
 */
public sealed interface LayerSpec permits LayerSpec.Linear, LayerSpec.Activate, LayerSpec.LayerNorm,
        LayerSpec.BatchNorm, LayerSpec.Dropout, LayerSpec.Residual {

    /**
     * A fully connected layer {@code Z = A·W + b} with {@code units} outputs; its weights are drawn by the
     * model's initializer with the gain of the activation that follows it (linear when none does).
     */
    record Linear(int units) implements LayerSpec {
        public Linear {
            if (units < 1) {
                throw new IllegalArgumentException("a linear layer needs at least 1 unit, got " + units);
            }
        }
    }

    /** An element-wise activation {@code A = f(Z)}, keeping the width. */
    record Activate(Activation function) implements LayerSpec {
        public Activate {
            if (function == null) {
                throw new IllegalArgumentException("function is required");
            }
        }
    }

    /**
     * Layer normalization over each sample's features ({@code nn.LayerNorm(width, eps)}), with a learned
     * scale γ (starting at 1) and shift β (starting at 0); keeps the width and draws nothing.
     */
    record LayerNorm(double eps) implements LayerSpec {
        /** PyTorch's default. */
        public static final double DEFAULT_EPS = 1e-5;

        public LayerNorm {
            requireEps(eps);
        }
    }

    /**
     * Batch normalization over each feature in the batch ({@code nn.BatchNorm1d(width, eps, momentum)}):
     * training passes use the batch's statistics and update the running ones, evaluation passes use the
     * running ones; γ and β as {@link LayerNorm}.
     */
    record BatchNorm(double momentum, double eps) implements LayerSpec {
        /** PyTorch's default. */
        public static final double DEFAULT_MOMENTUM = 0.1;

        public BatchNorm {
            if (!(momentum >= 0 && momentum <= 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
            }
            requireEps(eps);
        }
    }

    /**
     * Inverted dropout of a share {@code p} of the units in training passes, masks drawn from the job's
     * stream ({@code rand(rows, width)} per training pass, in list order); nothing in evaluation passes.
     */
    record Dropout(double p) implements LayerSpec {
        /** PyTorch's default. */
        public static final double DEFAULT_P = 0.5;

        public Dropout {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("p must be in [0, 1), got " + p);
            }
        }
    }

    /**
     * A skip connection {@code Y = X + inner(X)} around {@code layers}, which must keep the width; blocks
     * may nest. Its linear layers draw their weights in list order, depth-first.
     */
    record Residual(List<LayerSpec> layers) implements LayerSpec {
        public Residual {
            layers = List.copyOf(layers);
        }
    }

    private static void requireEps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
    }
}
