package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;

/**
 * Updates parameters from their gradients. Parameters and gradients come as parallel arrays in the
 * network's order ({@code W0, b0, W1, b1, …}); an optimizer with state sizes it once, in its factory.
 */
public interface Optimizer {

    /** One update of every parameter: {@code params[i] ← update(params[i], grads[i])}. */
    void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate);

    /** Creates an optimizer for the given parameters (their shapes size its state). */
    @FunctionalInterface
    interface Factory {
        Optimizer create(DMatrixRMaj[] params);
    }

    /** Plain gradient descent, the seed's update: {@code p ← p - lr · g}. */
    record Sgd() implements Optimizer {
        @Override
        public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
            for (int j = 0; j < params.length; j++) {
                double[] p = params[j].data;
                double[] g = grads[j].data;
                for (int i = 0; i < params[j].getNumElements(); i++) {
                    p[i] -= learningRate * g[i];
                }
            }
        }
    }
}
