package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The model a job ended with, evaluated on both sets. For a job that succeeded this is the final model,
 * the same numbers as the last row of the history's {@code eval}; for a failed or cancelled one, the last
 * values reached. A value that is not finite (a diverged loss) is written as {@code null}.
 *
 * @param trainLoss      mean loss on the training set
 * @param testLoss       mean loss on the test set
 * @param trainAccuracy  share of training samples classified right
 * @param testAccuracy   share of test samples classified right
 * @param trainingMillis wall-clock time from the start of the job (data included) to its end
 */
@Schema(description = "The model the job ended with, evaluated on both sets. For SUCCEEDED the final model "
        + "(equal to the last `eval` row of the history); for FAILED or CANCELLED the last values reached. "
        + "A value that is not finite is null.", example = "{\"trainLoss\":0.0044,\"testLoss\":0.0051,"
        + "\"trainAccuracy\":1.0,\"testAccuracy\":1.0,\"trainingMillis\":412}")
public record JobResult(
        @Schema(description = "Mean loss on the training set; null if not finite.", example = "0.0044",
                nullable = true)
        double trainLoss,
        @Schema(description = "Mean loss on the test set; null if not finite.", example = "0.0051", nullable = true)
        double testLoss,
        @Schema(description = "Share of training samples classified right (output > 0.5 against the label).",
                example = "1.0", nullable = true)
        double trainAccuracy,
        @Schema(description = "Share of test samples classified right (output > 0.5 against the label).",
                example = "1.0", nullable = true)
        double testAccuracy,
        @Schema(description = "Wall-clock milliseconds from the job's start (data generation included) to its end.",
                example = "412")
        long trainingMillis) {
}
