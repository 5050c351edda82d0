package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real responses of every endpoint, in every state a job can be made to reach here, validated against the
 * schema the served {@code /v3/api-docs} documents for that operation and status: what a client generated
 * from the document will have to read.
 */
class ApiDocumentTests extends ApiTestSupport {

    private JsonNode document;

    @BeforeEach
    void readTheDocument() throws Exception {
        String body = http().get("/v3/api-docs").body();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "api-docs.json"), body);
        document = Problems.JSON.readTree(body);
    }

    /** The errors of {@code response}'s body against the schema of {@code method path} for its status. */
    private List<Error> errors(String method, String path, Http.Response response) {
        JsonNode operation = document.path("paths").path(path).path(method);
        JsonNode content = operation.path("responses").path(Integer.toString(response.status())).path("content");
        assertThat(content.isObject()).as("%s %s documents %d", method, path, response.status()).isTrue();
        String type = response.header("Content-Type");
        String media = type != null && type.startsWith("application/problem+json") ? "application/problem+json"
                : content.propertyNames().iterator().next();
        JsonNode schema = content.path(media).path("schema");
        assertThat(schema.isMissingNode()).as("%s %s %d %s", method, path, response.status(), media).isFalse();
        return validator(schema).validate(response.json());
    }

    private void assertValid(String method, String path, Http.Response response) {
        assertThat(errors(method, path, response)).as("%s %s %d: %s", method, path, response.status(), response.body())
                .isEmpty();
    }

    /** {@code schema} with the document's schemas as its {@code $defs}, so that its references resolve. */
    private Schema validator(JsonNode schema) {
        ObjectNode root = Problems.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("allOf", Problems.JSON.createArrayNode().add(schema));
        root.set("$defs", document.path("components").path("schemas"));
        JsonNode resolvable = Problems.JSON.readTree(root.toString().replace("#/components/schemas/", "#/$defs/"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(resolvable);
    }

    @Test
    void theDocumentIsOpenApi31SoItsSchemasAreJsonSchema() {
        assertThat(document.path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void theDocumentNamesTheLicenseOfTheRepository() throws Exception {
        JsonNode license = document.path("info").path("license");
        assertThat(license.path("name").asString()).isEqualTo("Apache-2.0");
        assertThat(license.path("url").asString()).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("LICENSE")))
                .contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void jobsInEveryStateMatchTheDocument() {
        Http http = http();
        Http.Response queued = http.post("/api/v1/jobs", LONG);
        assertValid("post", "/api/v1/jobs", queued);
        String running = queued.json().path("id").asString();
        awaitRunning(running);
        assertValid("get", "/api/v1/jobs/{id}", http.get("/api/v1/jobs/" + running));
        assertValid("get", "/api/v1/jobs/{id}/history", http.get("/api/v1/jobs/" + running + "/history"));
        assertValid("post", "/api/v1/jobs/{id}/cancel", http.post("/api/v1/jobs/" + running + "/cancel"));

        // diagnostics on: a layer whose gradient never vanished is a null in gradientVanishedEpoch
        String succeeded = http.submit("{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":200}}");
        String diverged = http.submit("{\"model\":{\"hiddenLayers\":[16,16],\"activation\":\"linear\","
                + "\"init\":{\"scale\":1.0}},\"training\":{\"optimizer\":{\"learningRate\":5.0}}}");
        String layered = http.submit("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":"
                + "\"activation\",\"function\":\"leaky_relu\"}]},\"data\":{\"kind\":\"gaussian_blobs\"},"
                + "\"training\":{\"epochs\":20,\"loss\":\"cross_entropy\",\"batchSize\":64,\"optimizer\":"
                + "{\"type\":\"adam\"},\"schedule\":{\"type\":\"warmup_cosine\",\"warmupEpochs\":5},"
                + "\"earlyStopping\":{}}}");
        // every layer kind, nested, echoed with its defaults filled in
        String kinds = http.submit("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":"
                + "\"batch_norm\"},{\"type\":\"activation\",\"function\":\"relu\"},{\"type\":\"residual\","
                + "\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":\"layer_norm\"},{\"type\":\"dropout\"},"
                + "{\"type\":\"residual\",\"layers\":[]}]}]},\"training\":{\"epochs\":20,\"batchSize\":64}}");
        for (String id : List.of(succeeded, diverged, layered, kinds)) {
            Http.Response job = http.get("/api/v1/jobs/" + id + "?wait=60");
            assertValid("get", "/api/v1/jobs/{id}", job);
            assertValid("get", "/api/v1/jobs/{id}/history", http.get("/api/v1/jobs/" + id + "/history"));
        }
        assertThat(http.get("/api/v1/jobs/" + succeeded).json().path("result").path("diagnostics")
                .path("gradientVanishedEpoch").toString()).contains("null");
        assertThat(http.get("/api/v1/jobs/" + diverged).json().path("status").asString()).isEqualTo("FAILED");
        assertValid("get", "/api/v1/jobs", http.get("/api/v1/jobs?limit=3"));
        Http.Response byAccuracy = http.get("/api/v1/jobs?sort=testAccuracy&limit=2");
        assertValid("get", "/api/v1/jobs", byAccuracy);
        assertThat(byAccuracy.json().path("next").asString()).contains(":");
        assertThat(byAccuracy.json().path("jobs").get(0).path("summary").asString()).contains(" · ");
        assertValid("get", "/api/v1/jobs", http.get("/api/v1/jobs?name=nobody"));
    }

    /**
     * Each {@code progress} event's data against the schema documented for {@code text/event-stream}, and
     * the {@code end} event's data against the job's: for a job that succeeded and one cancelled while running.
     */
    @Test
    void eventStreamsMatchTheDocument() {
        Http http = http();
        String succeeded = http.submit("{\"model\":{\"hiddenLayers\":[16],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":50}}");
        String cancelled = http.submit(LONG);
        awaitRunning(cancelled);
        http.post("/api/v1/jobs/" + cancelled + "/cancel");
        JsonNode events = document.path("paths").path("/api/v1/jobs/{id}/events").path("get").path("responses")
                .path("200").path("content").path("text/event-stream").path("schema");
        JsonNode job = document.path("components").path("schemas").path("JobResponse");
        for (String id : List.of(succeeded, cancelled)) {
            http.awaitEnd(id);
            Http.Response stream = http.get("/api/v1/jobs/" + id + "/events");
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            List<String> names = new java.util.ArrayList<>();
            for (String block : stream.body().split("\n\n")) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line : block.split("\n")) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6);
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
                if (name == null) {
                    continue;
                }
                names.add(name);
                JsonNode value = Problems.JSON.readTree(data.toString());
                assertThat(validator(name.equals("end") ? job : events).validate(value)).as("%s %s", name, value)
                        .isEmpty();
            }
            assertThat(names).containsExactly("progress", "end");
        }
        assertValid("get", "/api/v1/jobs/{id}/events", http.get("/api/v1/jobs/nope/events"));
        assertValid("get", "/api/v1/jobs/{id}/events",
                http.get("/api/v1/jobs/" + succeeded + "/events", "Last-Event-ID", "x"));
    }

    @Test
    void problemsMatchTheDocument() {
        Http http = http();
        assertValid("post", "/api/v1/jobs", http.post("/api/v1/jobs", "{\"model\":{\"hiddenLayers\":[0]}}"));
        assertValid("post", "/api/v1/jobs", http.post("/api/v1/jobs", "{\"training\":{\"optimizer\":"
                + "{\"type\":\"adam\",\"momentum\":0.9}}}"));
        assertValid("post", "/api/v1/jobs", http.post("/api/v1/jobs", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}"));
        assertValid("post", "/api/v1/jobs", http.send(http.request("/api/v1/jobs").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))));
        assertValid("get", "/api/v1/jobs/{id}", http.get("/api/v1/jobs/nope"));
        assertValid("get", "/api/v1/jobs/{id}", http.get("/api/v1/jobs/nope?wait=99"));
        assertValid("get", "/api/v1/jobs/{id}/history", http.get("/api/v1/jobs/nope/history"));
        assertValid("get", "/api/v1/jobs", http.get("/api/v1/jobs?limit=0"));
        assertValid("delete", "/api/v1/jobs/{id}", http.delete("/api/v1/jobs/nope"));
        String done = http.submit("{\"training\":{\"epochs\":5}}");
        http.awaitEnd(done);
        assertValid("post", "/api/v1/jobs/{id}/cancel", http.post("/api/v1/jobs/" + done + "/cancel"));
    }

    @Test
    void theDataModelAndPredictionsMatchTheDocument() {
        Http http = http();
        String moons = http.submit("{\"data\":{\"kind\":\"moons\",\"samples\":200,\"noiseFeatures\":1,"
                + "\"labelNoise\":0.1},\"model\":{\"hiddenLayers\":[8],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":20}}");
        String spirals = http.submit("{\"data\":{\"kind\":\"spirals\",\"arms\":3,\"samples\":90},\"model\":"
                + "{\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":\"activation\",\"function\":"
                + "\"leaky_relu\",\"negativeSlope\":0.2},{\"type\":\"activation\",\"function\":\"elu\"}]},"
                + "\"training\":{\"epochs\":10,\"loss\":\"cross_entropy\"}}");
        for (String id : List.of(moons, spirals)) {
            http.awaitEnd(id);
            assertValid("get", "/api/v1/jobs/{id}/data", http.get("/api/v1/jobs/" + id + "/data"));
            assertValid("get", "/api/v1/jobs/{id}/model", http.get("/api/v1/jobs/" + id + "/model"));
        }
        assertValid("post", "/api/v1/jobs/{id}/predict", http.post("/api/v1/jobs/" + moons + "/predict",
                "{\"x\":[[0,0,0],[1,-0.5,2]]}"));
        assertValid("post", "/api/v1/jobs/{id}/predict", http.post("/api/v1/jobs/" + moons + "/predict",
                "{\"x\":[[0,0]]}"));
        assertValid("post", "/api/v1/jobs/{id}/predict", http.post("/api/v1/jobs/nope/predict", "{\"x\":[[0]]}"));
        assertValid("get", "/api/v1/jobs/{id}/model", http.get("/api/v1/jobs/nope/model"));
        assertValid("get", "/api/v1/jobs/{id}/data", http.get("/api/v1/jobs/nope/data"));

        String big = http.submit("{\"data\":{\"samples\":40000},\"training\":{\"epochs\":1},"
                + "\"diagnostics\":{\"every\":0}}");
        assertValid("get", "/api/v1/jobs/{id}/data", http.get("/api/v1/jobs/" + big + "/data"));
        String running = http.submit(LONG);
        try {
            awaitRunning(running);
            assertValid("get", "/api/v1/jobs/{id}/model", http.get("/api/v1/jobs/" + running + "/model"));
            assertValid("post", "/api/v1/jobs/{id}/predict", http.post("/api/v1/jobs/" + running + "/predict",
                    "{\"x\":[[0,0,0,0,0,0,0,0]]}"));
        } finally {
            http.delete("/api/v1/jobs/" + running);
            http.delete("/api/v1/jobs/" + big);
        }
    }

    @Test
    void studiesMatchTheDocument() {
        Http http = http();
        Http.Response submitted = http.post("/api/v1/studies", "{\"name\":\"doc\",\"base\":{\"training\":"
                + "{\"epochs\":50}},\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"],\"model.hiddenLayers\":"
                + "[[4],[4,4]]},\"seeds\":[1,2]}");
        assertValid("post", "/api/v1/studies", submitted);
        String id = submitted.json().path("id").asString();
        Http.Response ended = http.get("/api/v1/studies/" + id + "?wait=60");
        assertThat(ended.json().path("status").asString()).isEqualTo("SUCCEEDED");
        assertValid("get", "/api/v1/studies/{id}", ended);
        assertValid("get", "/api/v1/studies/{id}/history", http.get("/api/v1/studies/" + id + "/history?every=10"));
        assertValid("get", "/api/v1/studies", http.get("/api/v1/studies?limit=2"));
        assertValid("get", "/api/v1/studies/presets", http.get("/api/v1/studies/presets"));
        assertValid("get", "/api/v1/jobs", http.get("/api/v1/jobs?study=" + id));
        assertValid("post", "/api/v1/studies/{id}/cancel", http.post("/api/v1/studies/" + id + "/cancel"));

        String running = http.post("/api/v1/studies", "{\"base\":" + LONG + "}").json().path("id").asString();
        assertValid("get", "/api/v1/studies/{id}", http.get("/api/v1/studies/" + running));
        assertValid("post", "/api/v1/studies/{id}/cancel", http.post("/api/v1/studies/" + running + "/cancel"));

        assertValid("post", "/api/v1/studies", http.post("/api/v1/studies", "{\"grid\":{\"model.hiddenLayers\":[[0]]}}"));
        assertValid("post", "/api/v1/studies", http.post("/api/v1/studies", "{\"preset\":\"nope\"}"));
        assertValid("get", "/api/v1/studies/{id}", http.get("/api/v1/studies/nope"));
        assertValid("get", "/api/v1/studies/{id}/table.csv", http.get("/api/v1/studies/nope/table.csv"));
        assertValid("get", "/api/v1/studies/{id}/history", http.get("/api/v1/studies/" + id + "/history?every=0"));
        assertValid("delete", "/api/v1/studies/{id}", http.delete("/api/v1/studies/nope"));
        assertThat(http.delete("/api/v1/studies/" + id).status()).isEqualTo(204);
        assertThat(http.delete("/api/v1/studies/" + running).status()).isEqualTo(204);
    }

    @Test
    void everyDocumentedProblemExampleIsAProblemOfItsStatus() {
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    JsonNode problem = response.getValue().path("content").path("application/problem+json");
                    for (JsonNode example : problem.path("examples")) {
                        String where = operation.getKey() + " " + path.getKey() + " " + response.getKey();
                        assertThat(validator(problem.path("schema")).validate(example.path("value"))).as(where).isEmpty();
                        assertThat(example.path("value").path("status").asInt()).as(where)
                                .isEqualTo(Integer.parseInt(response.getKey()));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    /**
     * The bounds on list items (hidden widths at least 1, Adam's betas two numbers in [0, 1), no null items) are in the
     * document, and the document refuses exactly what the server refuses.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model":{"hiddenLayers":[16,8]},"training":{"epochs":1}}                               | 202
            {"model":{"hiddenLayers":[16,0]},"training":{"epochs":1}}                               | 400
            {"model":{"hiddenLayers":[16,null]},"training":{"epochs":1}}                            | 400
            {"training":{"epochs":1,"optimizer":{"type":"adam","learningRate":0.01,"betas":[0.9,0.999]}}}| 202
            {"training":{"epochs":1,"optimizer":{"type":"adam","learningRate":0.01,"betas":[0.9,1.0]}}}| 400
            {"training":{"epochs":1,"optimizer":{"type":"adam","learningRate":0.01,"betas":[-0.1,0.9]}}}| 400
            {"training":{"epochs":1,"optimizer":{"type":"adam","learningRate":0.01,"betas":[0.9]}}} | 400
            {"training":{"epochs":1,"optimizer":{"type":"adam","learningRate":0.01,"betas":[0.9,null]}}}| 400
            """)
    void listItemBoundsAreDocumentedAsTheServerEnforcesThem(String spec, int status) {
        JsonNode specSchema = document.path("paths").path("/api/v1/jobs").path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        assertThat(specSchema.isMissingNode()).isFalse();
        JsonNode body = Problems.JSON.readTree(spec);
        List<Error> refusals = validator(specSchema).validate(body);
        if (status == 202) {
            assertThat(refusals).as("the document on %s", body).isEmpty();
        } else {
            assertThat(refusals).as("the document on %s", body).isNotEmpty();
        }
        assertThat(http().post("/api/v1/jobs", body.toString()).status()).as("the server on %s", body).isEqualTo(status);
    }

    @Test
    void theValidatorCatchesAResponseThatBreaksTheDocument() {
        Http.Response job = http().post("/api/v1/jobs", "{\"training\":{\"epochs\":5}}");
        ObjectNode broken = (ObjectNode) job.json();
        broken.put("status", "DONE");
        ((ObjectNode) broken.path("progress")).putNull("epoch");
        assertThat(validator(document.path("components").path("schemas").path("JobResponse")).validate(broken))
                .hasSizeGreaterThanOrEqualTo(2);
    }
}
