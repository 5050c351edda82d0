package io.mlplab.spec;

import io.mlplab.training.DiagnosticsSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Per-layer gradient diagnostics: what is recorded and how the summary is judged; the defaults are
 * {@link DiagnosticsSettings#DEFAULTS}.
 *
 * @param every                 record per-layer statistics every this many epochs; 0 turns them off
 * @param gradientDropFraction  a layer's gradient counts as vanished below this share of its epoch-0 norm
 * @param plateauWindow         the plateau is judged on windows of this many epochs
 * @param plateauMinImprovement a window is flat when the loss falls by less than this share of its own value
 * @param plateauDropShare      ... or by less than this share of the drop still to come after the window
 * @param saturationThreshold   a unit is saturated on a sample when |f'(z)| is below this
 */
@Schema(name = "JobSpecDiagnostics", description = "Per-layer gradient diagnostics: what is recorded and how "
        + "the summary is judged.", example = "{\"every\":10,\"gradientDropFraction\":0.01,\"plateauWindow\":100,"
        + "\"plateauMinImprovement\":0.0001,"
        + "\"plateauDropShare\":0.02,\"saturationThreshold\":0.001}")
public record DiagnosticsSpec(
        @Schema(description = "Record per-layer statistics every this many epochs (epoch 0 included); 0 turns "
                + "diagnostics off, and then they cost nothing.", example = "10", minimum = "0")
        @PositiveOrZero Integer every,
        @Schema(description = "A layer's gradient counts as vanished at the first recorded epoch whose "
                + "weight-gradient norm is below this share of its epoch-0 value.", example = "0.01",
                minimum = "0", exclusiveMinimum = true, maximum = "1")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double gradientDropFraction,
        @Schema(description = "The plateau is judged on windows of this many epochs: the window ending at epoch e "
                + "improves by d = loss[e - plateauWindow] - loss[e].", example = "100", minimum = "1")
        @Positive Integer plateauWindow,
        @Schema(description = "A window is flat when d is below this share of the loss at its start: the loss "
                + "has stopped moving on its own scale.", example = "0.0001", minimum = "0")
        @PositiveOrZero Double plateauMinImprovement,
        @Schema(description = "A window is also flat when d is below this share of the drop still to come, from "
                + "loss[e] down to the lowest loss of the run: the loss moves, but slowly next to the breakthrough "
                + "that follows. The plateau runs from the start of the first flat window to the end of the "
                + "first window after it that is not flat.", example = "0.02", minimum = "0")
        @PositiveOrZero Double plateauDropShare,
        @Schema(description = "A unit counts as saturated on a sample when |f'(z)| is below this; saturated "
                + "on most samples, it counts in `saturatedFraction`.", example = "0.001", minimum = "0",
                exclusiveMinimum = true)
        @DecimalMin(value = "0", inclusive = false) Double saturationThreshold) {

    DiagnosticsSpec resolve() {
        DiagnosticsSettings d = DiagnosticsSettings.DEFAULTS;
        return new DiagnosticsSpec(every != null ? every : d.every(),
                gradientDropFraction != null ? gradientDropFraction : d.gradientDropFraction(),
                plateauWindow != null ? plateauWindow : d.plateauWindow(),
                plateauMinImprovement != null ? plateauMinImprovement : d.plateauMinImprovement(),
                plateauDropShare != null ? plateauDropShare : d.plateauDropShare(),
                saturationThreshold != null ? saturationThreshold : d.saturationThreshold());
    }

    DiagnosticsSettings engine() {
        return new DiagnosticsSettings(every, gradientDropFraction, plateauWindow, plateauMinImprovement,
                plateauDropShare, saturationThreshold);
    }
}
