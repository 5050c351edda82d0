package io.mlplab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of studies, newest first, each without its rows.
 *
 * @param studies the page
 * @param next    the {@code cursor} for the next page, or null on the last page
 */
@Schema(description = "A page of studies, newest first, each without its rows.",
        example = "{\"studies\":[],\"next\":null}")
public record StudyListResponse(
        @Schema(description = "The studies of this page, newest first, without `rows`.",
                example = "[{\"id\":\"5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20\",\"name\":\"sigmoid-vs-relu\",\"status\":"
                        + "\"SUCCEEDED\",\"progress\":{\"done\":8,\"total\":8},\"base\":{},\"grid\":{},\"targetLoss\":0.01,"
                        + "\"createdAt\":\"2026-01-15T09:30:00.123Z\"}]")
        List<StudyResponse> studies,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page.", example = "7",
                nullable = true)
        String next) {
}
