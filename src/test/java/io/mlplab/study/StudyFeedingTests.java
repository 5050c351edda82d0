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
 * queued for the single worker), not behind the rest of the study. The study's histories are bounded by a
 * small {@code mlp.studies.max-history-points}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mlp.jobs.workers=1", "mlp.jobs.queue-capacity=100", "mlp.studies.max-history-points=1000"})
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
        // the histories fit the configured 1000 values. Each member has 200 losses (epochs 0..199) and 21 evaluations
        // (0, 10, ..., 190, 199). every = 100 keeps epochs 0, 100, 199 and evaluations 0, 100, 199: 3 + 2 x 3 = 9
        // values, 1350 for 150 members, too many; every = 199 keeps 0, 199 and 0, 199: 2 + 2 x 2 = 6, 900 in all.
        // Between them, every = 101 keeps 0, 101, 199 and 0, 199: 3 + 4 = 7, 1050; every 102 .. 198 the same. So
        // the smallest every that fits is 199.
        JsonNode history = http.get("/api/v1/studies/" + id + "/history").json();
        assertThat(history.path("every").asInt()).isEqualTo(199);
        int values = 0;
        for (JsonNode member : history.path("members")) {
            values += member.path("train").path("loss").size() + 2 * member.path("eval").path("epoch").size();
        }
        assertThat(values).isLessThanOrEqualTo(1000);
        assertThat(http.get("/api/v1/studies/" + id + "/history?every=198").problem(400, "invalid-parameter")
                .path("errors").get(0).path("message").asString())
                .isEqualTo("must be at least 199 for this study: every 198 keeps 1050 values, more than the server's "
                        + "limit mlp.studies.max-history-points of 1000");
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
