package io.mlplab.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the problems each handler method declares with {@link ApiProblems}: one response per status,
 * the problem schema, one example per problem type (its own type, title, status and detail; {@code errors}
 * for the 400s) and {@code Retry-After} for 429 and 503. So the controllers carry one line instead of an
 * annotation block per error.
 */
@Component
class ProblemDocumentation implements OperationCustomizer {

    static final String PROBLEM = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiProblems problems = handler.getMethodAnnotation(ApiProblems.class);
        if (problems == null) {
            return operation;
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<Integer, ApiResponse> byStatus = new LinkedHashMap<>();
        for (ProblemType type : problems.value()) {
            int status = type.status().value();
            ApiResponse response = byStatus.computeIfAbsent(status, s -> response(type));
            MediaType media = response.getContent().get(PROBLEM);
            if (media.getExamples() == null || media.getExamples().isEmpty()) {
                response.setDescription(type.description());
            } else {
                response.setDescription(response.getDescription() + " Or: " + type.description());
            }
            media.addExamples(type.name().toLowerCase().replace('_', '-'), new Example()
                    .summary(type.title())
                    .value(example(type)));
        }
        byStatus.forEach((status, response) -> operation.getResponses().addApiResponse(status.toString(), response));
        return operation;
    }

    private static ApiResponse response(ProblemType type) {
        ApiResponse response = new ApiResponse().content(new Content().addMediaType(PROBLEM,
                new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
        int status = type.status().value();
        if (status == 429 || status == 503) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header()
                    .description("Seconds to wait before retrying.")
                    .schema(new IntegerSchema().example(10)));
        }
        return response;
    }

    /** A problem body of this type as the server writes it. */
    static Map<String, Object> example(ProblemType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", type.exampleDetail());
        body.put("instance", "/api/v1/jobs");
        switch (type) {
            case INVALID_SPEC -> body.put("errors", List.of(Map.of("field", "model.hiddenLayers[1]",
                    "message", "must be greater than 0")));
            case INVALID_STUDY -> {
                body.put("instance", "/api/v1/studies");
                body.put("errors", List.of(Map.of("field", "model.hiddenLayers[1]", "message", "must be greater than 0")));
                body.put("member", Map.of("point", Map.of("model.activation", "relu", "model.hiddenLayers", List.of(16, 0)),
                        "seed", 42));
            }
            case INVALID_PARAMETER -> body.put("errors", List.of(Map.of("field", "limit",
                    "message", "must be from 1 to 500, got 0")));
            default -> {
            }
        }
        return body;
    }
}
