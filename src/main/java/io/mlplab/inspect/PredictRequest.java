package io.mlplab.inspect;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Inputs to predict for.
 *
 * @param x rows of raw features, as {@code GET /data} returns them
 */
@Schema(description = "Rows to predict for, in the raw feature space (as GET /data returns them: the job's scaler is "
        + "applied here).", example = "{\"x\":[[0.0,0.5],[1.0,-0.5]]}")
public record PredictRequest(
        @Schema(description = "One row per input, each with as many values as the job's data have features.",
                example = "[[0.0, 0.5], [1.0, -0.5]]")
        double[][] x) {
}
