package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param jobs the page
 * @param next the {@code cursor} for the next page, or null on the last page
 */
@Schema(description = "A page of jobs, newest first.")
public record JobListResponse(
        @ArraySchema(arraySchema = @Schema(description = "The jobs of this page, newest first."),
                schema = @Schema(implementation = JobSummary.class, description = "A job."))
        List<JobSummary> jobs,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page.", example = "17",
                nullable = true)
        String next) {
}
