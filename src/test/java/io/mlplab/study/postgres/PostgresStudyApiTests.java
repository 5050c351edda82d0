package io.mlplab.study.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.MlpLabApplication;
import io.mlplab.job.Http;
import io.mlplab.study.StudyStatus;
import io.mlplab.study.StudyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole application with {@code mlp.store.type=postgres}, over real HTTP, against an embedded PostgreSQL:
 * a study lives in the database, and a server started afresh on it answers for the studies of the last one and
 * feeds the members that one left waiting. Jobs may still live in memory here (their store is another part), so
 * nothing below needs a job to outlive its server.
 */
class PostgresStudyApiTests {

    private static String url;
    private static com.zaxxer.hikari.HikariDataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        url = TestDatabase.create("study_api");
        dataSource = TestDatabase.pool(url);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void closePool() {
        dataSource.close();
    }

    /** A server on the test database; arguments, not default properties, which would lose to application.yml. */
    private static ConfigurableApplicationContext server(String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
                "--mlp.store.type=postgres", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(MlpLabApplication.class).run(args.toArray(String[]::new));
    }

    private static Http http(ConfigurableApplicationContext server) {
        return new Http(server.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static JsonNode awaitStudy(Http http, String id) {
        for (int i = 0; i < 20; i++) {
            JsonNode study = http.get("/api/v1/studies/" + id + "?wait=30").json();
            if (StudyStatus.valueOf(study.path("status").asString()).isTerminal()) {
                return study;
            }
        }
        throw new AssertionError("study " + id + " did not end");
    }

    @Test
    void theSeedsStudyIsKeptInTheDatabaseAndOutlivesItsServer() {
        String id;
        JsonNode ended;
        String csv;
        try (ConfigurableApplicationContext first = server("--management.endpoint.health.show-components=always")) {
            assertThat(first.getBean(StudyStore.class)).isInstanceOf(PostgresStudyStore.class);
            Http http = http(first);
            assertThat(http.get("/actuator/health").json().path("components").path("db").path("status").asString())
                    .isEqualTo("UP");
            Http.Response submitted = http.post("/api/v1/studies", "{\"preset\":\"sigmoid-vs-relu\"}");
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.json().path("id").asString();

            ended = awaitStudy(http, id);

            assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
            List<String> table = new ArrayList<>();
            for (JsonNode row : ended.path("rows")) {
                table.add(row.path("point").path("model.activation").asString() + " "
                        + row.path("point").path("model.hiddenLayers") + " "
                        + String.format(Locale.ROOT, "%.2f", row.path("testAccuracy").path("mean").asDouble()));
            }
            // the seed's table (README, "Sigmoid vs ReLU"), as the in-memory store gives it
            assertThat(table).containsExactly("sigmoid [16] 1.00", "sigmoid [16,32] 0.46", "sigmoid [16,32,16] 0.46",
                    "sigmoid [16,32,16,8] 0.46", "relu [16] 1.00", "relu [16,32] 1.00", "relu [16,32,16] 1.00",
                    "relu [16,32,16,8] 0.46");
            assertThat(http.get("/api/v1/studies/" + id + "/history?every=100").json().path("members")).hasSize(8);
            assertThat(http.get("/api/v1/studies/" + id + "/plot.svg").status()).isEqualTo(200);
            csv = http.get("/api/v1/studies/" + id + "/table.csv?per=job").body();
        }
        // in the database, not in the server that ran it
        Map<String, Object> row = jdbc.sql("SELECT status, (SELECT count(job_id) FROM study_members WHERE study_id = ?) "
                + "AS jobs FROM studies WHERE id = ?").params(id, id).query().singleRow();
        assertThat(row).containsEntry("status", "SUCCEEDED").containsEntry("jobs", 8L);

        try (ConfigurableApplicationContext second = server()) {
            Http http = http(second);

            JsonNode again = http.get("/api/v1/studies/" + id + "?wait=5").json();

            assertThat(again).isEqualTo(ended);
            assertThat(http.get("/api/v1/studies/" + id + "/table.csv?per=job").body()).isEqualTo(csv);
            assertThat(http.get("/api/v1/studies").json().path("studies").get(0).path("id").asString()).isEqualTo(id);
            assertThat(http.get("/api/v1/studies/" + id + "/plot.svg?series=accuracy").body()).contains(">0.46<", ">1.00<");
            http.post("/api/v1/studies/" + id + "/cancel").problem(409, "study-already-finished");

            assertThat(http.delete("/api/v1/studies/" + id).status()).isEqualTo(204);
            http.get("/api/v1/studies/" + id).problem(404, "study-not-found");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM study_members WHERE study_id = ?").param(id).query(Long.class).single())
                .isZero();
    }

    @Test
    void theNextServerFeedsTheMembersTheLastOneLeftWaiting() {
        String id;
        List<String> startedBefore = new ArrayList<>();
        try (ConfigurableApplicationContext first = server("--mlp.jobs.workers=1")) {
            Http http = http(first);
            Http.Response submitted = http.post("/api/v1/studies", "{\"base\":{\"model\":{\"hiddenLayers\":[16,32]},"
                    + "\"training\":{\"epochs\":3000}},\"seeds\":[1,2,3,4,5,6]}");
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.json().path("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.get("/api/v1/studies/" + id).json().path("progress").path("done").asInt() >= 1);
        }
        jdbc.sql("SELECT job_id FROM study_members WHERE study_id = ? AND job_id IS NOT NULL").param(id)
                .query(String.class).list().forEach(startedBefore::add);
        long waiting = jdbc.sql("SELECT count(*) FROM study_members WHERE study_id = ? AND job_id IS NULL AND status IS NULL")
                .param(id).query(Long.class).single();
        assertThat(waiting).as("members left waiting by the first server").isPositive();

        try (ConfigurableApplicationContext second = server("--mlp.jobs.workers=1")) {
            Http http = http(second);

            JsonNode study = awaitStudy(http, id);

            assertThat(study.path("progress").path("done").asInt()).isEqualTo(6);
            List<String> fedHere = new ArrayList<>();
            for (JsonNode job : study.path("rows").get(0).path("jobs")) {
                if (!startedBefore.contains(job.asString())) {
                    fedHere.add(job.asString());
                }
            }
            assertThat(fedHere).hasSize((int) waiting);
            for (String job : fedHere) {
                assertThat(http.get("/api/v1/jobs/" + job).json().path("status").asString()).isEqualTo("SUCCEEDED");
            }
        }
    }

    @Test
    void inMemoryModeStartsNoDatabase() {
        try (ConfigurableApplicationContext memory = new SpringApplicationBuilder(MlpLabApplication.class)
                .run("--server.port=0", "--spring.jmx.enabled=false", "--spring.datasource.url=" + url,
                        "--management.endpoint.health.show-components=always")) {
            assertThat(memory.getBeanNamesForType(DataSource.class)).isEmpty();
            assertThat(memory.getBean(StudyStore.class).shared()).isFalse();
            JsonNode health = http(memory).get("/actuator/health").json().path("components");
            assertThat(health.has("diskSpace")).isTrue();
            assertThat(health.has("db")).isFalse();
        }
    }
}
