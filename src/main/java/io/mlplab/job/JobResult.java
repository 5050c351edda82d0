package io.mlplab.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.training.TrainingResult;
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
 * @param stopReason     why training ended
 * @param epochsCompleted epochs whose updates were all applied
 * @param diagnostics    what the per-layer diagnostics concluded; null when they were off
 */
@Schema(description = "The model the job ended with, evaluated on both sets. For SUCCEEDED the final model "
        + "(equal to the last `eval` row of the history); for FAILED or CANCELLED the last values reached. "
        + "A value that is not finite is null.", example = "{\"trainLoss\":0.0044,\"testLoss\":0.0051,"
        + "\"trainAccuracy\":1.0,\"testAccuracy\":1.0,\"trainingMillis\":412,\"stopReason\":\"COMPLETED\","
        + "\"epochsCompleted\":1000}")
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
        long trainingMillis,
        @Schema(description = "Why training ended: COMPLETED (every epoch ran), EARLY_STOPPED "
                + "(training.earlyStopping), TARGET_REACHED (training.stopAtLoss), DIVERGED (a NaN or infinity; the "
                + "job FAILED), STOPPED (cancelled, timed out or shut down; see status and error).",
                example = "COMPLETED")
        StopReason stopReason,
        @Schema(description = "Epochs whose updates were all applied: training.epochs when COMPLETED, fewer when a "
                + "stopping rule or a cancel ended the run.", example = "1000")
        int epochsCompleted,
        @Schema(description = "What the per-layer diagnostics concluded; absent when they were off.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        DiagnosticsResult diagnostics) {

    /** A completed result without diagnostics. */
    JobResult(double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, long trainingMillis) {
        this(trainLoss, testLoss, trainAccuracy, testAccuracy, trainingMillis, StopReason.COMPLETED, 0, null);
    }

    /** Why training ended, upper case like the job's status. */
    public enum StopReason {
        COMPLETED, EARLY_STOPPED, TARGET_REACHED, DIVERGED, STOPPED;

        static StopReason of(TrainingResult.Stop stop) {
            return switch (stop) {
                case COMPLETED -> COMPLETED;
                case EARLY_STOPPED -> EARLY_STOPPED;
                case TARGET_REACHED -> TARGET_REACHED;
                case DIVERGED -> DIVERGED;
                case STOPPED -> STOPPED;
            };
        }
    }
}
