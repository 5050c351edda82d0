package io.mlplab.training;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * A loss over a batch: its mean value and its gradient with respect to the output layer's
 * pre-activations.
 *
 * <p>Shapes: {@code z}, {@code a} and {@code dZ} are {@code (batch, outputs)}; {@code y} is
 * {@code (batch, 1)} and holds class labels. The gradient is written per sample, <em>not</em> divided
 * by the batch size: the trainer divides {@code dW} and {@code db} by it, exactly as the seed does.
 *
 * <p>The cross-entropy losses work from the output layer's pre-activations {@code z} (logits), which is
 * what makes them numerically stable; they therefore fix the output layer's activation
 * ({@link #check}).
 */
public interface Loss {

    /** How many output units the network needs for a dataset with {@code classes} classes. */
    int outputs(int classes);

    /** The mean loss over the batch. */
    double value(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y);

    /**
     * The mean loss over the batch, and {@code dZ = batch · ∂loss/∂z} through {@code output}, the output
     * layer's activation.
     */
    double valueAndGradient(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, Activation output, DMatrixRMaj dZ);

    /**
     * What is impossible about this loss with that output activation on data with {@code classes}
     * classes, naming the field to change; empty when the combination is fine.
     */
    default Optional<Experiment.Problem> check(Activation output, int classes) {
        return Optional.empty();
    }

    /**
     * Mean squared error, {@code mean((a - t)²)} over every element, with {@code t} the label itself for
     * one output and the one-hot label for several. The seed's loss: {@code dZ = 2 (a - t) ⊙ f'(z)}.
     */
    record MeanSquaredError() implements Loss {
        @Override
        public int outputs(int classes) {
            return classes <= 2 ? 1 : classes;
        }

        @Override
        public double value(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
            int k = a.numCols;
            double sum = 0;
            for (int i = 0; i < a.getNumElements(); i++) {
                double r = a.data[i] - target(y, i, k);
                sum += r * r;
            }
            return sum / a.getNumElements();
        }

        @Override
        public double valueAndGradient(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, Activation output,
                                       DMatrixRMaj dZ) {
            int k = a.numCols;
            double sum = 0;
            // dA = 2 (a - t) / k ; for one output this is the seed's 2 (a - Y) to the last bit
            for (int i = 0; i < a.getNumElements(); i++) {
                double r = a.data[i] - target(y, i, k);
                sum += r * r;
                dZ.data[i] = k == 1 ? 2 * r : 2 * r / k;
            }
            output.backward(z, a, dZ, dZ);
            return sum / a.getNumElements();
        }

        private static double target(DMatrixRMaj y, int element, int k) {
            if (k == 1) {
                return y.data[element];
            }
            return (int) y.data[element / k] == element % k ? 1.0 : 0.0;
        }
    }

    /**
     * Binary cross-entropy from the logits, PyTorch's {@code binary_cross_entropy_with_logits}:
     * per sample {@code max(z, 0) - z·y + log1p(exp(-|z|))}, which never overflows, averaged over the
     * batch. One output unit whose activation must be the sigmoid, so that the reported output is the
     * probability {@code a = σ(z)}; the gradient skips the sigmoid's derivative: {@code dZ = σ(z) - y}.
     */
    record BinaryCrossEntropy() implements Loss {
        @Override
        public int outputs(int classes) {
            return 1;
        }

        @Override
        public double value(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
            double sum = 0;
            for (int i = 0; i < z.getNumElements(); i++) {
                sum += perSample(z.data[i], y.data[i]);
            }
            return sum / z.getNumElements();
        }

        @Override
        public double valueAndGradient(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, Activation output,
                                       DMatrixRMaj dZ) {
            double sum = 0;
            // dZ = σ(z) - y ; σ from z (not from a) so the gradient does not depend on the output activation
            for (int i = 0; i < z.getNumElements(); i++) {
                double v = z.data[i];
                sum += perSample(v, y.data[i]);
                dZ.data[i] = 1 / (1 + Math.exp(-v)) - y.data[i];
            }
            return sum / z.getNumElements();
        }

        private static double perSample(double z, double y) {
            return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }

        @Override
        public Optional<Experiment.Problem> check(Activation output, int classes) {
            if (classes > 2) {
                return problem("training.loss", "bce is for two classes, but the data has " + classes
                        + "; use cross_entropy (or mse)");
            }
            if (!(output instanceof Activation.Sigmoid)) {
                return problem("model.outputActivation", "bce computes the loss from the logits and needs a"
                        + " sigmoid output layer; set model.outputActivation to sigmoid");
            }
            return Optional.empty();
        }
    }

    /**
     * Softmax cross-entropy over {@code k = classes} outputs with class-index labels, PyTorch's
     * {@code cross_entropy}: per sample {@code logsumexp(z) - z[y]} with
     * {@code logsumexp(z) = m + log Σ exp(z - m)}, {@code m = max z} (stable for any logits), averaged
     * over the batch; {@code dZ = softmax(z) - onehot(y)}. The softmax belongs to the loss, so the output
     * layer must be linear ({@code a = z}, the logits, whose arg-max is the predicted class).
     */
    record CrossEntropy() implements Loss {
        @Override
        public int outputs(int classes) {
            return classes;
        }

        @Override
        public double value(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y) {
            int k = z.numCols;
            double sum = 0;
            for (int row = 0; row < z.numRows; row++) {
                int offset = row * k;
                sum += logSumExp(z.data, offset, k) - z.data[offset + (int) y.data[row]];
            }
            return sum / z.numRows;
        }

        @Override
        public double valueAndGradient(DMatrixRMaj z, DMatrixRMaj a, DMatrixRMaj y, Activation output,
                                       DMatrixRMaj dZ) {
            int k = z.numCols;
            double sum = 0;
            for (int row = 0; row < z.numRows; row++) {
                int offset = row * k;
                int label = (int) y.data[row];
                // loss = lse - z[y] ; dZ = exp(z - lse) - onehot(y)
                double lse = logSumExp(z.data, offset, k);
                sum += lse - z.data[offset + label];
                for (int col = 0; col < k; col++) {
                    dZ.data[offset + col] = Math.exp(z.data[offset + col] - lse) - (col == label ? 1.0 : 0.0);
                }
            }
            return sum / z.numRows;
        }

        private static double logSumExp(double[] z, int offset, int k) {
            double m = z[offset];
            for (int col = 1; col < k; col++) {
                m = Math.max(m, z[offset + col]);
            }
            double sum = 0;
            for (int col = 0; col < k; col++) {
                sum += Math.exp(z[offset + col] - m);
            }
            return m + Math.log(sum);
        }

        @Override
        public Optional<Experiment.Problem> check(Activation output, int classes) {
            if (classes < 2) {
                return problem("training.loss", "cross_entropy needs at least two outputs (one per class),"
                        + " but the data has " + classes + " class; use mse");
            }
            if (!(output instanceof Activation.Linear)) {
                return problem("model.outputActivation", "cross_entropy applies the softmax itself and needs a"
                        + " linear output layer; set model.outputActivation to linear");
            }
            return Optional.empty();
        }
    }

    private static Optional<Experiment.Problem> problem(String field, String message) {
        return Optional.of(new Experiment.Problem(field, message));
    }
}
