package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** One worker and a queue of one: the 429 path and the cancel of a queued job, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mlp.jobs.workers=1", "mlp.jobs.queue-capacity=1", "mlp.jobs.retry-after=7s"})
class QueueLimitTests {

    @LocalServerPort
    int port;

    @Test
    void aFullQueueAnswers429WithRetryAfterAndCreatesNoJob() {
        Http http = new Http(port);
        String running = http.submit(ApiTestSupport.LONG);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/jobs/" + running).json().path("status").asString().equals("RUNNING"));
        String queued = http.submit(ApiTestSupport.LONG);

        Http.Response rejected = http.post("/api/v1/jobs", "{\"name\":\"one too many\"}");

        rejected.problem(429, "queue-full");
        assertThat(rejected.header("Retry-After")).isEqualTo("7");
        JsonNode jobs = http.get("/api/v1/jobs?limit=500").json().path("jobs");
        assertThat(jobs).hasSize(2);
        jobs.forEach(job -> assertThat(job.path("name").asString("")).isNotEqualTo("one too many"));

        // a cancelled queued job never starts and frees its place at once
        Http.Response cancelled = http.post("/api/v1/jobs/" + queued + "/cancel");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        String next = http.submit("{\"training\":{\"epochs\":20}}");
        assertThat(http.post("/api/v1/jobs/" + running + "/cancel").status()).isEqualTo(200);
        assertThat(http.awaitEnd(next).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode never = http.get("/api/v1/jobs/" + queued).json();
        assertThat(never.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(never.has("startedAt")).isFalse();
        assertThat(never.path("progress").path("epoch").asInt()).isZero();
        assertThat(http.get("/api/v1/jobs/" + queued + "/history").json().path("train").path("epoch")).isEmpty();
    }
}
