package io.mlplab.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.job.Http;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * One worker and the default queue of 100: a study larger than the queue is fed to the executor member by
 * member, never refused, and a job submitted on its own meanwhile waits behind at most one member (the one
 * queued for the single worker), not behind the rest of the study.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mlp.jobs.workers=1", "mlp.jobs.queue-capacity=100"})
class StudyFeedingTests {

    @LocalServerPort
    int port;

    @Test
    void aStudyOf150MembersOnAQueueOf100CompletesWithNo429AndSingleJobsGetThrough() {
        Http http = new Http(port);
        double rejectedBefore = rejectedQueueFull(http);
        StringBuilder seeds = new StringBuilder();
        for (int s = 0; s < 75; s++) {
            seeds.append(s == 0 ? "" : ",").append(s);
        }
        String id = StudyApiTests.submit(http, "{\"name\":\"wide\",\"base\":{\"model\":{\"hiddenLayers\":[16]},"
                + "\"training\":{\"epochs\":200}},\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"]},"
                + "\"seeds\":[" + seeds + "]}");

        // a single job while the study runs: accepted, and queued behind at most the one member already queued
        Http.Response single = http.post("/api/v1/jobs", "{\"name\":\"single\",\"training\":{\"epochs\":200}}");
        assertThat(single.status()).isEqualTo(202);
        int doneAfterSubmit = http.get("/api/v1/studies/" + id).json().path("progress").path("done").asInt();
        JsonNode alone = http.awaitEnd(single.json().path("id").asString());
        assertThat(alone.path("status").asString()).isEqualTo("SUCCEEDED");

        JsonNode study = StudyApiTests.awaitStudy(http, id);

        assertThat(study.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(study.path("progress").toString()).isEqualTo("{\"done\":150,\"total\":150}");
        assertThat(study.path("rows").get(0).path("succeeded").asInt()).isEqualTo(75);
        assertThat(rejectedQueueFull(http)).isEqualTo(rejectedBefore);
        // on one worker, jobs start in queue order: before the single one only the members that had ended by its
        // submission, the one running then and the one queued then
        Instant singleStarted = Instant.parse(alone.path("startedAt").asString());
        int startedBefore = 0;
        JsonNode members = http.get("/api/v1/jobs?study=" + id + "&limit=500").json().path("jobs");
        assertThat(members).hasSize(150);
        for (JsonNode member : members) {
            if (Instant.parse(member.path("startedAt").asString()).isBefore(singleStarted)) {
                startedBefore++;
            }
        }
        assertThat(startedBefore).isLessThanOrEqualTo(doneAfterSubmit + 2);
        assertThat(http.get("/actuator/prometheus").body()).contains("mlp_studies_finished_total{status=\"succeeded\"} 1.0",
                "mlp_studies_members_submitted_total 150.0");
        http.delete("/api/v1/studies/" + id);
    }

    private static double rejectedQueueFull(Http http) {
        Matcher m = Pattern.compile("mlp_jobs_rejected_total\\{reason=\"queue_full\"} ([0-9.E]+)")
                .matcher(http.get("/actuator/prometheus").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
