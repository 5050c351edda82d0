package io.mlplab.training;

/**
 * One weight layer's diagnostics at one epoch. The trainer owns one instance per layer and overwrites it
 * at every diagnostic epoch, so listeners must copy the numbers out (they are primitives) during
 * {@link TrainingListener#onDiagnostics}; nothing is allocated per epoch.
 *
 * <p>Definitions, for layer {@code l} over the full training set at the start of the epoch:
 * <ul>
 *   <li>{@code weightGradNorm}, {@code biasGradNorm}: Frobenius norms of {@code dW[l]} and {@code db[l]},
 *       the gradients of the mean training loss;</li>
 *   <li>{@code weightNorm}: Frobenius norm of {@code W[l]} before the epoch's update;</li>
 *   <li>{@code updateRatio}: {@code ‖W_after − W_before‖ / ‖W_before‖} over the epoch's update(s);</li>
 *   <li>{@code preActivationMean/Std}, {@code activationMean/Std}: mean and population standard deviation
 *       over every element of {@code Z[l]} and {@code A[l] (n, units)};</li>
 *   <li>{@code saturatedFraction}: the share of units whose derivative {@code |f'(z)|} is below the
 *       saturation threshold (default 1e-3) for more than half of the training samples (sigmoid and
 *       tanh units stuck near their asymptotes; for the ReLU family it counts units that are off for most
 *       samples);</li>
 *   <li>{@code deadFraction}: the share of units whose activation is exactly 0 for every training sample
 *       (dead ReLUs; 0 for activations that never output exactly 0).</li>
 * </ul>
 */
public final class LayerStats {

    double weightGradNorm;
    double biasGradNorm;
    double weightNorm;
    double updateRatio;
    double preActivationMean;
    double preActivationStd;
    double activationMean;
    double activationStd;
    double saturatedFraction;
    double deadFraction;

    public double weightGradNorm() {
        return weightGradNorm;
    }

    public double biasGradNorm() {
        return biasGradNorm;
    }

    public double weightNorm() {
        return weightNorm;
    }

    public double updateRatio() {
        return updateRatio;
    }

    public double preActivationMean() {
        return preActivationMean;
    }

    public double preActivationStd() {
        return preActivationStd;
    }

    public double activationMean() {
        return activationMean;
    }

    public double activationStd() {
        return activationStd;
    }

    public double saturatedFraction() {
        return saturatedFraction;
    }

    public double deadFraction() {
        return deadFraction;
    }
}
