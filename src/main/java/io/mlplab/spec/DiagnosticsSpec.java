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
 * @param plateauWindow         epochs over which the loss must improve to count as moving
 * @param plateauMinImprovement relative improvement over the window below which the loss is on a plateau
 * @param saturationThreshold   a unit is saturated on a sample when |f'(z)| is below this
 */
@Schema(name = "JobSpecDiagnostics", description = "Per-layer gradient diagnostics: what is recorded and how "
        + "the summary is judged.", example = "{\"every\":10,\"gradientDropFraction\":0.01,\"plateauWindow\":100,"
        + "\"plateauMinImprovement\":0.0001,\"saturationThreshold\":0.001}")
public record DiagnosticsSpec(
        @Schema(description = "Record per-layer statistics every this many epochs (epoch 0 included); 0 turns "
                + "diagnostics off, and then they cost nothing.", example = "10", minimum = "0")
        @PositiveOrZero Integer every,
        @Schema(description = "A layer's gradient counts as vanished at the first recorded epoch whose "
                + "weight-gradient norm is below this share of its epoch-0 value.", example = "0.01",
                minimum = "0", exclusiveMinimum = true, maximum = "1")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double gradientDropFraction,
        @Schema(description = "Epochs over which the training loss must improve to count as moving.",
                example = "100", minimum = "1")
        @Positive Integer plateauWindow,
        @Schema(description = "The loss is on a plateau while it improves by less than this share (relative) "
                + "over `plateauWindow` epochs.", example = "0.0001", minimum = "0")
        @PositiveOrZero Double plateauMinImprovement,
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
                saturationThreshold != null ? saturationThreshold : d.saturationThreshold());
    }

    DiagnosticsSettings engine() {
        return new DiagnosticsSettings(every, gradientDropFraction, plateauWindow, plateauMinImprovement,
                saturationThreshold);
    }
}
