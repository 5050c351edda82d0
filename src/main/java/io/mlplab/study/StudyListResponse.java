package io.mlplab.study;

import io.swagger.v3.oas.annotations.media.ArraySchema;
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
        @ArraySchema(arraySchema = @Schema(description = "The studies of this page, newest first, without `rows`."))
        List<StudyResponse> studies,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page.", example = "7",
                nullable = true)
        String next) {
}
