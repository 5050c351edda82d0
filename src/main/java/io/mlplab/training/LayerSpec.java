package io.mlplab.training;

/**
 * One entry of a model's hidden stack, in order, as PyTorch's {@code nn.Sequential} would list it. The
 * output layer (linear to the outputs, then the output activation) is not part of the list: the trainer
 * appends it.
 */
public sealed interface LayerSpec permits LayerSpec.Linear, LayerSpec.Activate {

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
}
