package io.mlplab.study.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.MlpLabApplication;
import io.mlplab.job.Http;
import io.mlplab.study.StudyStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two servers on one PostgreSQL, jobs and studies both in the database: they feed one study's members between
 * them, never more than their two workers at once, either answers for it (histories included), and a cancel on
 * one stops the members wherever they run.
 */
class PostgresStudyReplicaTests {

    private static String url;
    private static com.zaxxer.hikari.HikariDataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        url = TestDatabase.create("study_replicas");
        dataSource = TestDatabase.pool(url);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void closePool() {
        dataSource.close();
    }

    private static ConfigurableApplicationContext server() {
        return new SpringApplicationBuilder(MlpLabApplication.class).run("--server.port=0", "--spring.jmx.enabled=false",
                "--mlp.store.type=postgres", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--mlp.jobs.workers=1");
    }

    private static Http http(ConfigurableApplicationContext server) {
        return new Http(server.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private static long inFlight(String study) {
        return jdbc.sql("SELECT count(*) FROM study_members WHERE study_id = ? AND job_id IS NOT NULL AND status IS NULL")
                .param(study).query(Long.class).single();
    }

    @Test
    void twoServersFeedOneStudyAndEitherAnswersForIt() {
        try (ConfigurableApplicationContext a = server(); ConfigurableApplicationContext b = server()) {
            Http onA = http(a);
            Http onB = http(b);
            Http.Response submitted = onA.post("/api/v1/studies", "{\"base\":{\"model\":{\"hiddenLayers\":[16,32]},"
                    + "\"training\":{\"epochs\":1500}},\"seeds\":[1,2,3,4,5,6]}");
            assertThat(submitted.status()).isEqualTo(202);
            String id = submitted.json().path("id").asString();
            long most = 0;
            JsonNode study = onB.get("/api/v1/studies/" + id).json();
            while (!StudyStatus.valueOf(study.path("status").asString()).isTerminal()) {
                most = Math.max(most, inFlight(id));
                study = onB.get("/api/v1/studies/" + id + "?wait=1").json();
            }

            assertThat(study.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(most).isBetween(1L, 2L);
            assertThat(onA.get("/api/v1/studies/" + id).json()).isEqualTo(study);
            JsonNode history = onB.get("/api/v1/studies/" + id + "/history?every=100").json();
            assertThat(history.path("members")).hasSize(6);
            history.path("members").forEach(m -> assertThat(m.path("train").path("epoch").get(15).asInt()).isEqualTo(1499));
            List<String> jobs = new ArrayList<>();
            study.path("rows").get(0).path("jobs").forEach(job -> jobs.add(job.asString()));
            assertThat(jobs).doesNotHaveDuplicates().hasSize(6);
            for (String job : jobs) {
                assertThat(onA.get("/api/v1/jobs/" + job).json().path("study").asString()).isEqualTo(id);
            }
        }
    }

    @Test
    void aCancelOnOneServerStopsTheMembersOnBoth() {
        try (ConfigurableApplicationContext a = server(); ConfigurableApplicationContext b = server()) {
            Http onA = http(a);
            Http onB = http(b);
            String id = onB.post("/api/v1/studies", "{\"base\":{\"model\":{\"hiddenLayers\":[16,32,16]},"
                    + "\"training\":{\"epochs\":100000}},\"seeds\":[1,2,3,4]}").json().path("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM jobs WHERE study = ? AND status = 'RUNNING'").param(id).query(Long.class).single() == 2);

            JsonNode cancelled = onA.post("/api/v1/studies/" + id + "/cancel").json();

            assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.path("progress").toString()).isEqualTo("{\"done\":4,\"total\":4}");
            List<String> jobs = new ArrayList<>();
            cancelled.path("rows").get(0).path("jobs").forEach(job -> {
                if (!job.isNull()) {
                    jobs.add(job.asString());
                }
            });
            assertThat(jobs).hasSize(2);
            for (String job : jobs) {
                assertThat(onB.get("/api/v1/jobs/" + job).json().path("status").asString()).isEqualTo("CANCELLED");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM jobs WHERE study = ? AND status IN ('QUEUED', 'RUNNING')").param(id)
                    .query(Long.class).single() == 0);
            assertThat(onB.get("/api/v1/studies/" + id).json().path("status").asString()).isEqualTo("CANCELLED");
        }
    }
}
