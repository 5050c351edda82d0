package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What operators and client generators rely on: actuator endpoints, metrics and the OpenAPI document. */
class OperationsTests extends ApiTestSupport {

    @Test
    void exposesHealthProbesInfoMetricsAndPrometheusOnly() {
        Http http = http();
        http.submit("{\"training\":{\"epochs\":20}}");

        assertThat(http.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/info").status()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics/mlp.jobs.submitted").status()).isEqualTo(200);
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers", "/actuator/shutdown")) {
            assertThat(http.get(hidden).status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void publishesTheJobMetricsForPrometheus() {
        Http http = http();
        http.awaitEnd(http.submit("{\"training\":{\"epochs\":20}}"));

        String scrape = http.get("/actuator/prometheus").body();

        assertThat(scrape).contains("mlp_jobs_submitted_total", "mlp_jobs_rejected_total{reason=\"queue_full\"}",
                "mlp_jobs_rejected_total{reason=\"shutting_down\"}", "mlp_jobs_finished_total{status=\"succeeded\"}",
                "mlp_jobs_queue_depth", "mlp_jobs_running", "mlp_jobs_training_time_seconds_count",
                "mlp_jobs_epochs_total", "mlp_jobs_epochs_per_second_count");
    }

    @Test
    void servesSwaggerUi() {
        Http http = http();
        Http.Response redirect = http.get("/swagger-ui.html");
        assertThat(redirect.status()).isIn(200, 302);
        String page = redirect.status() == 302 ? redirect.header("Location") : "/swagger-ui.html";
        assertThat(http.send(http.request(page.replaceFirst("^https?://[^/]+", "")).GET()).status()).isEqualTo(200);
    }

    @Test
    void documentsEveryPathFieldAndProblem() {
        JsonNode doc = http().get("/v3/api-docs").json();

        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("info").path("title").asString()).isNotBlank();
        JsonNode paths = doc.path("paths");
        assertThat(paths.has("/api/v1/jobs")).isTrue();
        assertThat(paths.path("/api/v1/jobs").has("post")).isTrue();
        assertThat(paths.path("/api/v1/jobs").has("get")).isTrue();
        assertThat(paths.path("/api/v1/jobs/{id}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/jobs/{id}").has("delete")).isTrue();
        assertThat(paths.path("/api/v1/jobs/{id}/history").has("get")).isTrue();
        assertThat(paths.path("/api/v1/jobs/{id}/cancel").has("post")).isTrue();

        JsonNode schemas = doc.path("components").path("schemas");
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
            if (!schema.getValue().has("example")) {
                missing.add(schema.getKey() + " (example)");
            }
            for (Map.Entry<String, JsonNode> property : schema.getValue().path("properties").properties()) {
                JsonNode value = property.getValue();
                String where = schema.getKey() + "." + property.getKey();
                if (value.path("description").asString("").isBlank()) {
                    missing.add(where + " (description)");
                }
                // an object-valued field shows its example on the schema it refers to
                if (!value.has("example") && !value.has("$ref")) {
                    missing.add(where + " (example)");
                }
            }
        }
        assertThat(missing).isEmpty();
        for (String spec : List.of("JobSpec", "JobSpecModel", "JobSpecTraining")) {
            assertThat(schemas.path(spec).path("properties").size()).as(spec).isPositive();
        }
        // a family chosen by a type field is a oneOf with a discriminator, each member with its own fields
        for (String family : List.of("JobSpecData", "JobSpecInit", "JobSpecOptimizer", "JobSpecSchedule",
                "JobSpecLayer")) {
            assertThat(schemas.path(family).path("oneOf").size()).as(family).isGreaterThan(1);
            String property = schemas.path(family).path("discriminator").path("propertyName").asString();
            assertThat(property).as(family).isNotBlank();
            for (JsonNode member : schemas.path(family).path("oneOf")) {
                String name = member.path("$ref").asString().replace("#/components/schemas/", "");
                assertThat(schemas.path(name).path("properties").has(property)).as(name).isTrue();
                assertThat(schemas.path(name).has("allOf")).as(name).isFalse();
            }
        }
        assertThat(schemas.path("AdamOptimizer").path("properties").has("momentum")).isFalse();
        assertThat(schemas.path("SgdOptimizer").path("properties").path("learningRate").path("exclusiveMinimum")
                .asInt(-1)).isZero();
        assertThat(schemas.path("JobSpecModel").path("properties").path("activation").path("enum").toString())
                .contains("\"leaky_relu\"");

        JsonNode post = paths.path("/api/v1/jobs").path("post");
        JsonNode example = post.path("requestBody").path("content").path("application/json").path("examples")
                .path("relu-3-hidden").path("value");
        assertThat(example.toString()).isEqualTo("{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}");
        for (String status : List.of("400", "413", "415", "429", "503")) {
            assertThat(post.path("responses").path(status).path("content").path("application/problem+json")
                    .path("schema").path("$ref").asString()).as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(paths.path("/api/v1/jobs/{id}").path("get").path("responses").path("404").path("content")
                .has("application/problem+json")).isTrue();
        assertThat(paths.path("/api/v1/jobs/{id}/cancel").path("post").path("responses").has("409")).isTrue();
        assertThat(schemas.path("Problem").path("properties").has("errors")).isTrue();
    }

    @Test
    void theDocumentValidatesAsOpenApi() {
        String document = http().get("/v3/api-docs").body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/jobs/{id}/history", "/api/v1/jobs/{id}/cancel");
    }

    @Test
    void theDocumentsRequestExampleIsAcceptedAsIs() {
        Http http = http();
        JsonNode doc = http.get("/v3/api-docs").json();
        String example = doc.path("components").path("schemas").path("JobSpec").path("example").toString();
        Http.Response response = http.send(http.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(example)));
        assertThat(response.status()).isEqualTo(202);
        http.post("/api/v1/jobs/" + response.json().path("id").asString() + "/cancel");
    }
}
