package io.mlplab.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One reason a request was rejected.
 *
 * @param field   where, as a path into the request ({@code model.hiddenLayers[1]}) or a query parameter or header name
 * @param message what is wrong, for people
 */
@Schema(description = "One reason a request was rejected.",
        example = "{\"field\":\"training.epochs\",\"message\":\"must be a whole number\"}")
public record FieldProblem(
        @Schema(description = "Where: a path into the request body, or a query parameter's or header's name.",
                example = "model.hiddenLayers[1]")
        String field,
        @Schema(description = "What is wrong, for people.",
                example = "must be at most 512 (the server's limit mlp.limits.max-width), got 4096")
        String message) {
}
