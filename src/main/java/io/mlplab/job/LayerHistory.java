package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;

/**
 * One weight layer's diagnostics as columns of equal length, measured over the full training set at the
 * start of each recorded epoch (before its update). The definitions are those of the engine's
 * {@code LayerStats}; README "Gradient dynamics" has them with examples.
 */
@Schema(description = "One weight layer's diagnostics as columns of equal length, measured on the full training "
        + "set at the start of each recorded epoch, before its update.",
        example = "{\"epoch\":[0,10],\"weightGradNorm\":[2.9e-6,2.5e-6],\"biasGradNorm\":[4.1e-7,3.9e-7],"
                + "\"weightNorm\":[0.066,0.066],\"updateRatio\":[4.5e-6,3.8e-6],\"preActivationMean\":[0.0001,0.0001],"
                + "\"preActivationStd\":[0.046,0.046],\"activationMean\":[0.50,0.50],\"activationStd\":[0.011,0.011],"
                + "\"saturatedFraction\":[0.0,0.0],\"deadFraction\":[0.0,0.0]}")
public record LayerHistory(
        @Schema(description = "The epoch at whose start the layer was measured.", example = "[0, 10, 20]")
        int[] epoch,
        @Schema(description = "Frobenius norm of the weight gradient dW of the mean training loss.",
                example = "[2.9e-6, 2.5e-6]")
        double[] weightGradNorm,
        @Schema(description = "Frobenius norm of the bias gradient db.", example = "[4.1e-7, 3.9e-7]")
        double[] biasGradNorm,
        @Schema(description = "Frobenius norm of the weights W before the update.", example = "[0.066, 0.066]")
        double[] weightNorm,
        @Schema(description = "‖W after the epoch's update − W before‖ / ‖W before‖.", example = "[4.5e-6, 3.8e-6]")
        double[] updateRatio,
        @Schema(description = "Mean of the pre-activations Z over every sample and unit.", example = "[0.0001, 0.0001]")
        double[] preActivationMean,
        @Schema(description = "Population standard deviation of Z over every sample and unit.",
                example = "[0.046, 0.046]")
        double[] preActivationStd,
        @Schema(description = "Mean of the activations A = f(Z) over every sample and unit.", example = "[0.5, 0.5]")
        double[] activationMean,
        @Schema(description = "Population standard deviation of A over every sample and unit.",
                example = "[0.011, 0.011]")
        double[] activationStd,
        @Schema(description = "Share of units whose derivative |f'(z)| is below `diagnostics.saturationThreshold` "
                + "on more than half of the training samples (sigmoid/tanh units stuck at an asymptote; for the "
                + "ReLU family, units that are off for most samples).", example = "[0.0, 0.0]")
        double[] saturatedFraction,
        @Schema(description = "Share of units whose activation is exactly 0 on every training sample (dead ReLUs).",
                example = "[0.0, 0.0]")
        double[] deadFraction) {

    /** Statistics per row, in the order of the components after {@code epoch}. */
    static final int STATISTICS = 10;

    /** Rows {@code [from, to)} of {@code columns[statistic][row]}. */
    static LayerHistory of(int[] epoch, double[][] columns, int from, int to) {
        double[][] c = new double[STATISTICS][];
        for (int i = 0; i < STATISTICS; i++) {
            c[i] = Arrays.copyOfRange(columns[i], from, to);
        }
        return new LayerHistory(epoch, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }
}
