package io.mlplab.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.job.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Studies over real HTTP on the default server (a worker per processor, a queue of 100). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StudyApiTests {

    @LocalServerPort
    int port;

    private Http http() {
        return new Http(port);
    }

    /** Long-polls until the study has ended. */
    static JsonNode awaitStudy(Http http, String id) {
        for (int i = 0; i < 20; i++) {
            JsonNode study = http.get("/api/v1/studies/" + id + "?wait=30").json();
            if (StudyStatus.valueOf(study.path("status").asString()).isTerminal()) {
                return study;
            }
        }
        throw new AssertionError("study " + id + " did not end");
    }

    static String submit(Http http, String json) {
        Http.Response response = http.post("/api/v1/studies", json);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String id = response.json().path("id").asString();
        assertThat(response.header("Location")).isEqualTo("/api/v1/studies/" + id);
        return id;
    }

    @Test
    void theArchitecturePresetAnswersAsTheReadmeSays() {
        Http http = http();
        JsonNode study = awaitStudy(http, submit(http, "{\"preset\":\"architecture\"}"));
        assertThat(study.path("status").asString()).isEqualTo("SUCCEEDED");
        List<String> accuracies = new ArrayList<>();
        study.path("rows").forEach(row -> accuracies.add(
                String.format(Locale.ROOT, "%.2f", row.path("testAccuracy").path("mean").asDouble())));
        // plain sigmoid x4, residual sigmoid, plain relu [16,32,16,8], with batch norm, with layer norm
        assertThat(accuracies).containsExactly("0.46", "1.00", "0.46", "1.00", "1.00");
        assertThat(http.delete("/api/v1/studies/" + study.path("id").asString()).status()).isEqualTo(204);
    }

    @Test
    void thePresetReproducesTheSeedsTable() {
        Http http = http();
        String id = submit(http, "{\"preset\":\"sigmoid-vs-relu\"}");

        JsonNode study = awaitStudy(http, id);

        assertThat(study.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(study.path("progress").toString()).isEqualTo("{\"done\":8,\"total\":8}");
        List<String> table = new ArrayList<>();
        for (JsonNode row : study.path("rows")) {
            table.add(row.path("point").path("model.activation").asString() + " "
                    + row.path("point").path("model.hiddenLayers") + " "
                    + String.format(Locale.ROOT, "%.2f", row.path("testAccuracy").path("mean").asDouble()));
        }
        // the seed's table (README, "Sigmoid vs ReLU")
        assertThat(table).containsExactly("sigmoid [16] 1.00", "sigmoid [16,32] 0.46", "sigmoid [16,32,16] 0.46",
                "sigmoid [16,32,16,8] 0.46", "relu [16] 1.00", "relu [16,32] 1.00", "relu [16,32,16] 1.00",
                "relu [16,32,16,8] 0.46");

        // members are ordinary jobs, listed by study, each naming it
        JsonNode members = http.get("/api/v1/jobs?study=" + id + "&limit=500").json().path("jobs");
        assertThat(members).hasSize(8);
        members.forEach(job -> assertThat(job.path("study").asString()).isEqualTo(id));
        String first = study.path("rows").get(0).path("jobs").get(0).asString();
        JsonNode job = http.get("/api/v1/jobs/" + first).json();
        assertThat(job.path("study").asString()).isEqualTo(id);
        assertThat(job.path("spec").path("model").path("hiddenLayers").toString()).isEqualTo("[16]");
        assertThat(job.path("spec").path("name").asString()).isEqualTo("sigmoid-vs-relu {model.activation=sigmoid, model.hiddenLayers=[16]}");

        // the CSV parses: a header, a row per grid point, the same numbers as the JSON
        String csv = http.get("/api/v1/studies/" + id + "/table.csv").body();
        List<List<String>> rows = Csv.parse(csv);
        List<String> header = rows.get(0);
        assertThat(header.subList(0, 2)).containsExactly("model.activation", "model.hiddenLayers");
        assertThat(rows).hasSize(9);
        int mean = header.indexOf("testAccuracy_mean");
        int loss = header.indexOf("trainLoss_max");
        for (int r = 0; r < 8; r++) {
            JsonNode row = study.path("rows").get(r);
            assertThat(rows.get(r + 1)).hasSameSizeAs(header);
            assertThat(rows.get(r + 1).get(1)).isEqualTo(row.path("point").path("model.hiddenLayers").toString());
            assertThat(Double.parseDouble(rows.get(r + 1).get(mean))).isEqualTo(row.path("testAccuracy").path("mean").asDouble());
            assertThat(Double.parseDouble(rows.get(r + 1).get(loss))).isEqualTo(row.path("trainLoss").path("max").asDouble());
        }
        List<List<String>> perJob = Csv.parse(http.get("/api/v1/studies/" + id + "/table.csv?per=job").body());
        assertThat(perJob).hasSize(9);
        assertThat(perJob.get(1).get(perJob.get(0).indexOf("job"))).isEqualTo(first);
        assertThat(http.get("/api/v1/studies/" + id + "/table.csv?per=row").problem(400, "invalid-parameter")
                .path("errors").get(0).path("field").asString()).isEqualTo("per");

        // the histories, whole and downsampled
        JsonNode history = http.get("/api/v1/studies/" + id + "/history").json();
        assertThat(history.path("every").asInt()).isEqualTo(1);
        assertThat(history.path("members")).hasSize(8);
        assertThat(history.path("members").get(0).path("train").path("loss")).hasSize(1000);
        JsonNode sparse = http.get("/api/v1/studies/" + id + "/history?every=100").json();
        assertThat(sparse.path("members").get(7).path("train").path("epoch").toString())
                .isEqualTo("[0,100,200,300,400,500,600,700,800,900,999]");
        assertThat(sparse.path("members").get(7).path("train").path("loss").get(10).asDouble())
                .isEqualTo(history.path("members").get(7).path("train").path("loss").get(999).asDouble());

        // the plots: a curve per grid point (one seed: no band); a heatmap cell per grid point
        Http.Response loss1 = http.get("/api/v1/studies/" + id + "/plot.svg");
        assertThat(loss1.status()).isEqualTo(200);
        assertThat(loss1.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(loss1.body().split("class=\"series\"", -1)).hasSize(9);
        assertThat(loss1.body()).doesNotContain("class=\"band\"");
        String heatmap = http.get("/api/v1/studies/" + id + "/plot.svg?series=accuracy").body();
        assertThat(heatmap.split("class=\"cell\"", -1)).hasSize(9);
        assertThat(heatmap).contains(">0.46<", ">1.00<");

        // deleting the study deletes its jobs
        assertThat(http.delete("/api/v1/studies/" + id).status()).isEqualTo(204);
        http.get("/api/v1/studies/" + id).problem(404, "study-not-found");
        http.get("/api/v1/jobs/" + first).problem(404, "job-not-found");
        assertThat(http.get("/api/v1/jobs?study=" + id).json().path("jobs")).isEmpty();
    }

    @Test
    void aMembersHistoryEqualsTheSameSpecRunAloneBitForBit() {
        Http http = http();
        String id = submit(http, "{\"base\":{\"training\":{\"epochs\":300}},\"grid\":{\"model.activation\":[\"relu\"],"
                + "\"model.hiddenLayers\":[[16,32]]},\"seeds\":[7,8]}");
        JsonNode study = awaitStudy(http, id);
        String member = study.path("rows").get(0).path("jobs").get(1).asString();

        String alone = http.submit("{\"seed\":8,\"model\":{\"hiddenLayers\":[16,32],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":300}}");
        http.awaitEnd(alone);

        String memberHistory = http.get("/api/v1/jobs/" + member + "/history").body();
        assertThat(memberHistory).isEqualTo(http.get("/api/v1/jobs/" + alone + "/history").body());
        assertThat(Problems.json(memberHistory).path("train").path("loss")).hasSize(300);
        JsonNode memberJob = http.get("/api/v1/jobs/" + member).json();
        JsonNode aloneJob = http.get("/api/v1/jobs/" + alone).json();
        for (String field : List.of("trainLoss", "testLoss", "trainAccuracy", "testAccuracy")) {
            assertThat(memberJob.path("result").path(field).asDouble()).isEqualTo(aloneJob.path("result").path(field).asDouble());
        }
        http.delete("/api/v1/studies/" + id);
        http.delete("/api/v1/jobs/" + alone);
    }

    @Test
    void oneBadMemberIsA400NamingItsGridPointAndFieldAndNoJobIsCreated() {
        Http http = http();
        String newest = newestJob(http);
        int studies = http.get("/api/v1/studies?limit=500").json().path("studies").size();

        Http.Response rejected = http.post("/api/v1/studies", "{\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"],"
                + "\"model.hiddenLayers\":[[16],[16,0]]},\"seeds\":[42,43]}");

        JsonNode problem = rejected.problem(400, "invalid-study");
        assertThat(problem.path("errors").toString())
                .isEqualTo("[{\"field\":\"model.hiddenLayers[1]\",\"message\":\"must be greater than 0\"}]");
        assertThat(problem.path("member").toString())
                .isEqualTo("{\"point\":{\"model.activation\":\"sigmoid\",\"model.hiddenLayers\":[16,0]},\"seed\":42}");
        assertThat(problem.path("detail").asString()).isEqualTo("Study member {model.activation=sigmoid, "
                + "model.hiddenLayers=[16,0]} seed 42 has a problem: model.hiddenLayers[1] must be greater than 0.");
        assertThat(newestJob(http)).isEqualTo(newest);
        assertThat(http.get("/api/v1/studies?limit=500").json().path("studies")).hasSize(studies);

        // the study's own fields, and a body that is not a study
        assertThat(http.post("/api/v1/studies", "{\"grid\":{\"model.activation\":\"relu\"}}").problem(400, "invalid-study")
                .path("errors").get(0).path("field").asString()).isEqualTo("grid.model.activation");
        assertThat(http.post("/api/v1/studies", "{\"preset\":\"sigmoid-vs-relu\",\"grid\":{}}").problem(400, "invalid-study")
                .path("errors").get(0).path("field").asString()).isEqualTo("grid");
        assertThat(http.post("/api/v1/studies", "{\"base\":{\"training\":{\"epochz\":5}}}").problem(400, "invalid-study")
                .path("errors").get(0).path("field").asString()).isEqualTo("training.epochz");
        assertThat(http.post("/api/v1/studies", "{\"seed\":5}").problem(400, "invalid-study")
                .path("errors").get(0).path("field").asString()).isEqualTo("seed");
        assertThat(newestJob(http)).isEqualTo(newest);
    }

    @Test
    void cancelEndsEveryMemberAndDeleteForgetsTheStudyAndItsJobs() {
        Http http = http();
        String id = submit(http, "{\"name\":\"long\",\"base\":{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":"
                + "\"relu\"},\"training\":{\"epochs\":100000}},\"seeds\":[1,2,3,4,5]}");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.get("/api/v1/studies/" + id).json().path("status").asString().equals("RUNNING"));

        Http.Response cancelled = http.post("/api/v1/studies/" + id + "/cancel");

        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode study = cancelled.json();
        assertThat(study.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(study.path("progress").toString()).isEqualTo("{\"done\":5,\"total\":5}");
        JsonNode row = study.path("rows").get(0);
        assertThat(row.path("cancelled").asInt()).isEqualTo(5);
        List<String> jobs = new ArrayList<>();
        row.path("jobs").forEach(job -> {
            if (!job.isNull()) {
                jobs.add(job.asString());
            }
        });
        // at most one member per worker was ever handed over; the others never became jobs
        assertThat(jobs).isNotEmpty().hasSizeLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        for (String job : jobs) {
            assertThat(http.get("/api/v1/jobs/" + job).json().path("status").asString()).isEqualTo("CANCELLED");
        }
        http.post("/api/v1/studies/" + id + "/cancel").problem(409, "study-already-finished");
        assertThat(http.get("/api/v1/studies/" + id + "?wait=5").json().path("status").asString()).isEqualTo("CANCELLED");

        assertThat(http.delete("/api/v1/studies/" + id).status()).isEqualTo(204);
        http.get("/api/v1/studies/" + id).problem(404, "study-not-found");
        http.delete("/api/v1/studies/" + id).problem(404, "study-not-found");
        for (String job : jobs) {
            http.get("/api/v1/jobs/" + job).problem(404, "job-not-found");
        }
    }

    @Test
    void theStatisticsAreThoseOfTheMembersResults() {
        Http http = http();
        String id = submit(http, "{\"base\":{\"model\":{\"hiddenLayers\":[8],\"activation\":\"relu\"},\"training\":"
                + "{\"epochs\":60}},\"grid\":{\"data.noise\":[1.0,3.0]},\"seeds\":[1,2,3],\"targetLoss\":0.2}");
        JsonNode study = awaitStudy(http, id);

        for (JsonNode row : study.path("rows")) {
            double[] testLoss = new double[3];
            double[] testAccuracy = new double[3];
            List<Integer> toTarget = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String job = row.path("jobs").get(i).asString();
                JsonNode result = http.get("/api/v1/jobs/" + job).json().path("result");
                testLoss[i] = result.path("testLoss").asDouble();
                testAccuracy[i] = result.path("testAccuracy").asDouble();
                double[] loss = Problems.doubles(http.get("/api/v1/jobs/" + job + "/history").json().path("train").path("loss"));
                for (int e = 0; e < loss.length; e++) {
                    if (loss[e] <= 0.2) {
                        toTarget.add(e);
                        break;
                    }
                }
            }
            assertStatistics(row.path("testLoss"), testLoss);
            assertStatistics(row.path("testAccuracy"), testAccuracy);
            assertThat(row.path("epochsToTarget").path("n").asInt()).isEqualTo(toTarget.size());
            if (!toTarget.isEmpty()) {
                assertThat(row.path("epochsToTarget").path("min").asInt()).isEqualTo(toTarget.stream().min(Integer::compare).get());
            }
            assertThat(row.path("seeds").toString()).isEqualTo("[1,2,3]");
        }
        // three seeds per point: a mean curve with its min-max band per point; one axis: a bar per point
        String loss = http.get("/api/v1/studies/" + id + "/plot.svg?series=loss").body();
        assertThat(loss.split("class=\"band\"", -1)).hasSize(3);
        assertThat(http.get("/api/v1/studies/" + id + "/plot.svg?series=accuracy").body().split("class=\"bar\"", -1))
                .hasSize(3);
        http.get("/api/v1/studies/" + id + "/plot.svg?series=gradients").problem(400, "invalid-parameter");
        http.delete("/api/v1/studies/" + id);
    }

    /** Mean, population std, min and max written out here, against the row's. */
    private static void assertStatistics(JsonNode statistics, double[] values) {
        double mean = (values[0] + values[1] + values[2]) / 3;
        double variance = ((values[0] - mean) * (values[0] - mean) + (values[1] - mean) * (values[1] - mean)
                + (values[2] - mean) * (values[2] - mean)) / 3;
        assertThat(statistics.path("n").asInt()).isEqualTo(3);
        assertThat(statistics.path("mean").asDouble()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(statistics.path("std").asDouble()).isCloseTo(Math.sqrt(variance), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(statistics.path("min").asDouble()).isEqualTo(Arrays.stream(values).min().getAsDouble());
        assertThat(statistics.path("max").asDouble()).isEqualTo(Arrays.stream(values).max().getAsDouble());
    }

    @Test
    void thePresetsAreListedWithTheirQuestions() {
        JsonNode presets = http().get("/api/v1/studies/presets").json();

        List<String> names = new ArrayList<>();
        presets.forEach(p -> {
            names.add(p.path("name").asString());
            assertThat(p.path("description").asString()).isNotBlank();
            assertThat(p.path("grid").isObject()).isTrue();
        });
        assertThat(names).containsExactly("sigmoid-vs-relu", "initialization", "optimizers", "losses", "architecture", "data",
                "schedules");
    }

    private static String newestJob(Http http) {
        JsonNode jobs = http.get("/api/v1/jobs?limit=1").json().path("jobs");
        return jobs.isEmpty() ? "" : jobs.get(0).path("id").asString();
    }
}
