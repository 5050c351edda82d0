package io.mlplab.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of every error body ({@code application/problem+json}, RFC 9457), for the OpenAPI document;
 * the handler writes Spring's {@code ProblemDetail}, which has these fields.
 *
 * @param type     a stable URN naming the kind of problem
 * @param title    a short summary of that kind
 * @param status   the HTTP status
 * @param detail   what went wrong this time
 * @param instance the request path
 * @param errors   for a rejected request, each bad field or parameter
 */
@Schema(name = "Problem", description = "An error (application/problem+json, RFC 9457).",
        example = "{\"type\":\"urn:mlplab:job-not-found\",\"title\":\"Job not found\",\"status\":404,"
                + "\"detail\":\"No job with id 'abc' is known here.\",\"instance\":\"/api/v1/jobs/abc\"}")
public record ProblemResponse(
        @Schema(description = "A stable URN naming the kind of problem, e.g. urn:mlplab:invalid-spec, "
                + "urn:mlplab:job-not-found, urn:mlplab:queue-full.", example = "urn:mlplab:invalid-spec")
        String type,
        @Schema(description = "A short summary of the kind of problem.", example = "Invalid job spec") String title,
        @Schema(description = "The HTTP status.", example = "400") int status,
        @Schema(description = "What went wrong this time.", example = "The job spec has 1 problem.") String detail,
        @Schema(description = "The request path.", example = "/api/v1/jobs") String instance,
        @Schema(description = "For a rejected request: each bad field, query parameter or header. Absent otherwise.",
                example = "[{\"field\":\"model.hiddenLayers[1]\",\"message\":\"must be greater than 0\"}]")
        List<FieldProblem> errors) {
}
