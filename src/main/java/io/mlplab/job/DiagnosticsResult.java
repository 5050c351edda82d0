package io.mlplab.job;

import io.mlplab.training.DiagnosticsSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * What the diagnostics concluded: when each layer's gradient vanished and whether the loss plateaued.
 *
 * @param gradientVanishedEpoch per weight layer, the first recorded epoch whose weight-gradient norm fell
 *                              below {@code gradientDropFraction} of its epoch-0 value; null if never
 * @param plateauStart          the start of the first flat window of {@code plateauWindow} epochs (flat: its
 *                              loss fell by less than {@code plateauMinImprovement} of its own value, or less
 *                              than {@code plateauDropShare} of the drop still to come); null if none
 * @param plateauEnd            the end of the first window after it that is not flat; null if the loss never
 *                              left the plateau
 */
@Schema(description = "What the diagnostics concluded. Absent when diagnostics were off.",
        example = "{\"gradientVanishedEpoch\":[null,null,40,70],\"plateaued\":true,\"plateauStart\":0,"
                + "\"plateauEnd\":null}")
public record DiagnosticsResult(
        @Schema(description = "Per weight layer (first hidden layer first), the first recorded epoch whose "
                + "weight-gradient norm fell below `diagnostics.gradientDropFraction` of its epoch-0 value; null "
                + "if it never did.", example = "[null, null, 40, 70]")
        List<Integer> gradientVanishedEpoch,
        @Schema(description = "Whether the training loss ever sat on a plateau.", example = "true")
        boolean plateaued,
        @Schema(description = "The first epoch of the run's first plateau: the start p of the first window of "
                + "`plateauWindow` epochs that is flat, i.e. whose loss fell by less than `plateauMinImprovement` of "
                + "loss[p], or by less than `plateauDropShare` of the drop still to come after the window (down to "
                + "the run's lowest loss); null if no window is flat.", example = "0", nullable = true)
        Integer plateauStart,
        @Schema(description = "Where that plateau ends: the last epoch of the first window after it that is not "
                + "flat; null if the loss never left the plateau.", example = "643", nullable = true)
        Integer plateauEnd) {

    static DiagnosticsResult of(DiagnosticsSummary summary) {
        if (summary == null) {
            return null;
        }
        List<Integer> vanished = new ArrayList<>();
        for (int epoch : summary.gradientVanishedEpoch()) {
            vanished.add(epoch < 0 ? null : epoch);
        }
        return new DiagnosticsResult(vanished, summary.plateaued(),
                summary.plateauStart() < 0 ? null : summary.plateauStart(),
                summary.plateauEnd() < 0 ? null : summary.plateauEnd());
    }
}
