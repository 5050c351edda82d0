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
 * @param plateauStart          the first epoch from which the loss did not improve by
 *                              {@code plateauMinImprovement} (relative) within {@code plateauWindow} epochs
 * @param plateauEnd            the first epoch after that whose loss again improved by more than that over
 *                              the preceding window; null if the loss never left the plateau
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
        @Schema(description = "The first epoch p whose loss at p + `plateauWindow` is not `plateauMinImprovement` "
                + "(relative) below the loss at p; null if none.", example = "0", nullable = true)
        Integer plateauStart,
        @Schema(description = "After a plateau started, the first epoch whose loss is again more than "
                + "`plateauMinImprovement` below the loss `plateauWindow` epochs earlier; null if the loss never "
                + "left the plateau.", example = "219", nullable = true)
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
