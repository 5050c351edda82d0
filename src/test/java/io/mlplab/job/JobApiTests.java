package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The contract over real HTTP: submit, long-poll, history, cancel, list, and a few problems. */
class JobApiTests extends ApiTestSupport {

    @Test
    void submitThenWaitThenHistoryShowsASucceededJob() {
        Http http = http();
        Http.Response submitted = http.post("/api/v1/jobs", "{\"name\":\"relu-16\",\"model\":{\"hiddenLayers\":[16],"
                + "\"activation\":\"relu\"},\"training\":{\"epochs\":150}}");
        assertThat(submitted.status()).isEqualTo(202);
        String id = submitted.json().path("id").asString();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + id);

        JsonNode job = http.awaitEnd(id);
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").json();

        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("name").asString()).isEqualTo("relu-16");
        assertThat(job.path("progress").path("epoch").asInt()).isEqualTo(150);
        assertThat(job.path("spec").path("model").path("outputActivation").asString()).isEqualTo("relu");
        assertThat(job.has("error")).isFalse();
        assertThat(history.path("train").path("epoch")).hasSize(150);
        assertThat(history.path("train").path("loss")).hasSize(150);
        assertThat(history.path("train").path("learningRate")).hasSize(150);
        JsonNode eval = history.path("eval");
        int last = eval.path("epoch").size() - 1;
        assertThat(eval.path("epoch").get(last).asInt()).isEqualTo(149);
        for (String column : List.of("trainLoss", "testLoss", "trainAccuracy", "testAccuracy")) {
            assertThat(eval.path(column)).hasSize(last + 1);
            assertThat(job.path("result").path(column).asDouble()).isEqualTo(eval.path(column).get(last).asDouble());
        }
        JsonNode tail = http.get("/api/v1/jobs/" + id + "/history?from=148").json();
        assertThat(tail.path("train").path("epoch").toString()).isEqualTo("[148,149]");
        assertThat(tail.path("eval").path("epoch").toString()).isEqualTo("[149]");
    }

    @Test
    void listsByNamePrefixAndByTestAccuracyWithEachJobsSpecInOneLine() {
        Http http = http();
        // a name no other test uses, so the listing holds only these three
        String prefix = "list-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        String chance = http.submit("{\"name\":\"" + prefix + "sigmoid-16-32\",\"model\":{\"hiddenLayers\":[16,32]},"
                + "\"training\":{\"epochs\":100}}");
        String perfect = http.submit("{\"name\":\"" + prefix + "relu-16\",\"model\":{\"hiddenLayers\":[16],"
                + "\"activation\":\"relu\"},\"training\":{\"epochs\":200}}");
        String other = http.submit("{\"name\":\"x" + prefix + "\",\"training\":{\"epochs\":10}}");
        for (String id : List.of(chance, perfect, other)) {
            http.awaitEnd(id);
        }

        JsonNode named = http.get("/api/v1/jobs?name=" + prefix).json();
        JsonNode best = http.get("/api/v1/jobs?name=" + prefix + "&sort=testAccuracy&limit=1").json();
        JsonNode rest = http.get("/api/v1/jobs?name=" + prefix + "&sort=testAccuracy&limit=1&cursor="
                + best.path("next").asString()).json();

        assertThat(named.path("jobs").findValuesAsString("id")).containsExactly(perfect, chance);
        assertThat(named.path("jobs").get(1).path("summary").asString())
                .isEqualTo("sigmoid [16,32] · sgd 0.1 · mse · 100 epochs");
        assertThat(best.path("jobs").get(0).path("id").asString()).isEqualTo(perfect);
        assertThat(best.path("jobs").get(0).path("result").path("testAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(rest.path("jobs").findValuesAsString("id")).containsExactly(chance);
        assertThat(rest.path("next").isNull()).isTrue();
        assertThat(http.get("/api/v1/jobs?sort=best").status()).isEqualTo(400);
    }

    @Test
    void theEmptySpecReproducesTheSeedsNumbers() throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/engine/empty-spec.json")) {
            golden = Problems.JSON.readTree(in);
        }
        Http http = http();

        String id = http.submit("{}");
        JsonNode job = http.awaitEnd(id);
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").json();

        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode expected = golden.path("loss");
        JsonNode actual = history.path("train").path("loss");
        assertThat(actual).hasSize(expected.size());
        for (int epoch = 0; epoch < expected.size(); epoch++) {
            double reference = expected.get(epoch).asDouble();
            assertThat(Math.abs(actual.get(epoch).asDouble() - reference) / Math.abs(reference))
                    .as("train.loss[%d]", epoch).isLessThanOrEqualTo(1e-9);
        }
        assertThat(history.path("eval").path("epoch")).isEqualTo(golden.path("eval").path("epoch"));
        assertThat(history.path("eval").path("testAccuracy")).isEqualTo(golden.path("eval").path("testAccuracy"));
        assertThat(job.path("result").path("testAccuracy").asDouble()).isEqualTo(golden.path("testAccuracy").asDouble());
    }

    @Test
    void answers304ForAnUnchangedJob() {
        Http http = http();
        String id = http.submit("{\"training\":{\"epochs\":50}}");
        http.awaitEnd(id);
        Http.Response first = http.get("/api/v1/jobs/" + id);

        Http.Response again = http.get("/api/v1/jobs/" + id, "If-None-Match", first.header("ETag"));

        assertThat(first.header("ETag")).isNotBlank();
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    }

    @Test
    void cancelsARunningJobWhichStopsWithinAnEpoch() {
        Http http = http();
        String id = http.submit(LONG);
        awaitRunning(id);

        Http.Response cancelled = http.post("/api/v1/jobs/" + id + "/cancel");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/api/v1/jobs/" + id).json().has("result"));
        JsonNode job = http.get("/api/v1/jobs/" + id).json();
        assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(job.has("error")).isFalse();
        assertThat(job.path("progress").path("epoch").asInt()).isLessThan(100_000);
        http.post("/api/v1/jobs/" + id + "/cancel").problem(409, "job-already-finished");
        assertThat(http.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
        http.get("/api/v1/jobs/" + id).problem(404, "job-not-found");
    }

    @Test
    void listsJobsNewestFirstPageByPage() {
        Http http = http();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(http.submit("{\"training\":{\"epochs\":20}}"));
        }
        mine.forEach(http::awaitEnd);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/v1/jobs?limit=2&status=SUCCEEDED" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            assertThat(page.path("jobs").size()).isLessThanOrEqualTo(2);
            page.path("jobs").forEach(job -> seen.add(job.path("id").asString()));
            cursor = page.path("next").isNull() ? null : page.path("next").asString();
        } while (cursor != null);

        List<String> order = seen.stream().filter(mine::contains).toList();
        assertThat(order).containsExactly(mine.get(2), mine.get(1), mine.get(0));
    }

    @Test
    void answers413ForAChunkedBodyOverTheLimit() {
        byte[] body = ("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        Http http = http();
        // a stream publisher has no length, so the body goes out chunked, without Content-Length
        Http.Response response = http.send(http.request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        response.problem(413, "body-too-large");
    }

    @Test
    void answersProblemsThroughTheRealServer() {
        Http http = http();
        http.post("/api/v1/jobs", "{\"training\":{\"epochs\":3.7}}").problem(400, "invalid-spec");
        http.get("/api/v1/jobs/no-such-job").problem(404, "job-not-found");
        http.get("/api/v1/jobs?limit=0").problem(400, "invalid-parameter");
        http.send(http.request("/api/v1/jobs").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).problem(415, "unsupported-media-type");
        http.send(http.request("/api/v1/jobs").PUT(HttpRequest.BodyPublishers.ofString("{}")))
                .problem(405, "method-not-allowed");
        http.get("/api/v2/anything").problem(404, "not-found");
    }

    @Test
    void aJobWithALongEpochIsAcceptedAndACancelStopsItInsideTheEpoch() {
        Http http = http();
        // one epoch of 20,000 × 64 → [256, 256] is some 5·10⁹ multiply-adds, seconds of work: a cancel must not
        // wait for the epoch to end
        String id = http.submit("{\"name\":\"long-epoch\",\"data\":{\"samples\":25000,\"features\":64},"
                + "\"model\":{\"hiddenLayers\":[256,256],\"activation\":\"relu\"},\"training\":{\"epochs\":100},"
                + "\"diagnostics\":{\"every\":0}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/jobs/" + id).json()
                .path("status").asString().equals("RUNNING"));
        assertThat(http.post("/api/v1/jobs/" + id + "/cancel").status()).isEqualTo(200);

        JsonNode job = http.awaitEnd(id);
        assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
        // the worker left the job: its result is in, with the epochs whose updates were all applied
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/v1/jobs/" + id).json()
                .path("result").has("epochsCompleted"));
        assertThat(http.get("/api/v1/jobs/" + id).json().path("result").path("epochsCompleted").asInt())
                .isLessThan(100);
        // and is free for the next job
        assertThat(http.awaitEnd(http.submit("{}")).path("status").asString()).isEqualTo("SUCCEEDED");
    }
}
