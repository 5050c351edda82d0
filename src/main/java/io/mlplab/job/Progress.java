package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How far a job has come.
 *
 * @param epoch  epochs whose loss has been recorded
 * @param epochs epochs the job runs if nothing stops it
 */
@Schema(description = "How far the job has come.", example = "{\"epoch\":350,\"epochs\":1000}")
public record Progress(
        @Schema(description = "Epochs whose loss has been recorded so far.", example = "350") int epoch,
        @Schema(description = "Epochs the job runs if nothing stops it.", example = "1000") int epochs) {
}
