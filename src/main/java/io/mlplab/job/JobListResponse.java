package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of jobs, in the order the listing asked for.
 *
 * @param jobs the page
 * @param next the {@code cursor} for the next page, or null on the last page
 */
@Schema(description = "A page of jobs, newest first unless `sort` asked otherwise.", example = "{\"jobs\":[],\"next\":null}")
public record JobListResponse(
        @Schema(description = "The jobs of this page.", example = "[{\"id\":"
                + "\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\",\"summary\":\"relu [16,32,16] · sgd 0.1 · mse · "
                + "1000 epochs\",\"status\":\"RUNNING\",\"progress\":{\"epoch\":350,"
                + "\"epochs\":1000},\"createdAt\":\"2026-01-15T09:30:00.123Z\","
                + "\"startedAt\":\"2026-01-15T09:30:00.456Z\"}]")
        List<JobSummary> jobs,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page.", example = "17",
                nullable = true)
        String next) {
}
