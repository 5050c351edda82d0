package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;

/**
 * A loss over a batch: its mean value and its gradient with respect to the output layer's
 * pre-activations.
 *
 * <p>Shapes: {@code z}, {@code a} and {@code dZ} are {@code (batch, outputs)}; {@code y} is
 * {@code (batch, 1)} and holds class labels. The gradient is written per sample, <em>not</em> divided
 * by the batch size: the trainer divides {@code dW} and {@code db} by it, exactly as the seed does.
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
}
