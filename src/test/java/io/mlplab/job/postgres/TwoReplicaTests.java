package io.mlplab.job.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.job.Http;
import io.mlplab.live.EventStreamClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas, each with one worker, on one PostgreSQL: every endpoint answers for every job on either,
 * cancels and long polls cross from one to the other, and admission counts the whole cluster's queue.
 */
class TwoReplicaTests {

    /** About 100 s of training if nothing stops it. */
    static final String LONG = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":100000}}";
    /** Two features, so the boundary plot draws. */
    static final String MOONS = "{\"name\":\"moons\",\"data\":{\"kind\":\"moons\",\"samples\":200},"
            + "\"model\":{\"hiddenLayers\":[8],\"activation\":\"tanh\"},\"training\":{\"epochs\":300}}";

    static HikariDataSource pool;
    static Replica a;
    static Replica b;

    /** Every end each replica's listeners heard: the job's id and status, and the thread they ran on. */
    static final List<String> heardOnA = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final List<String> heardOnB = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        String url = TestDatabase.create();
        a = Replica.start(url, "--mlp.jobs.queue-capacity=2");
        b = Replica.start(url, "--mlp.jobs.queue-capacity=2");
        pool = TestDatabase.pool(url);
        a.jobs().onEnded(job -> heardOnA.add(job.id() + " " + job.status() + " " + Thread.currentThread().getName()));
        b.jobs().onEnded(job -> heardOnB.add(job.id() + " " + job.status() + " " + Thread.currentThread().getName()));
    }

    private static List<String> heard(List<String> heard, String id) {
        return heard.stream().filter(line -> line.startsWith(id + " ")).map(line -> line.substring(id.length() + 1))
                .toList();
    }

    @Test
    void everyReplicaHearsEveryEndOnceTheEndingOneOnTheThreadThatEndedIt() {
        String finished = a.http.submit("{\"training\":{\"epochs\":20}}");
        a.http.awaitEnd(finished);
        Replica ranIt = runner(finished);
        String cancelled = a.http.submit(LONG);
        awaitRunning(a, cancelled);
        Replica runsIt = runner(cancelled);
        other(runsIt).http.post("/api/v1/jobs/" + cancelled + "/cancel");

        await().atMost(Duration.ofSeconds(20)).until(() -> heard(heardOnA, finished).size() == 1
                && heard(heardOnB, finished).size() == 1 && heard(heardOnA, cancelled).size() == 1
                && heard(heardOnB, cancelled).size() == 1);
        // a later end heard on both: the notifications come in order, so no repeat of the first two is on its way
        String later = b.http.submit("{\"training\":{\"epochs\":5}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> heard(heardOnA, later).size() == 1
                && heard(heardOnB, later).size() == 1);
        assertThat(heard(heardOnA, finished)).hasSize(1);
        assertThat(heard(heardOnB, finished)).hasSize(1);
        assertThat(heard(heardOnA, cancelled)).hasSize(1);
        assertThat(heard(heardOnB, cancelled)).hasSize(1);
        List<String> finishedHere = heard(ranIt == a ? heardOnA : heardOnB, finished);
        List<String> finishedThere = heard(ranIt == a ? heardOnB : heardOnA, finished);
        assertThat(finishedHere.get(0)).startsWith("SUCCEEDED mlp-job-");
        assertThat(finishedThere).containsExactly("SUCCEEDED mlp-store-events");
        // the cancel ends it on the replica that took the request, on the request's thread; the runner hears it
        List<String> cancelledHere = heard(runsIt == a ? heardOnB : heardOnA, cancelled);
        List<String> cancelledThere = heard(runsIt == a ? heardOnA : heardOnB, cancelled);
        assertThat(cancelledHere.get(0)).startsWith("CANCELLED ").doesNotContain("mlp-store-events", "mlp-job-");
        assertThat(cancelledThere).containsExactly("CANCELLED mlp-store-events");
    }

    @AfterAll
    static void stopThem() {
        a.close();
        b.close();
        pool.close();
    }

    @AfterEach
    void cancelWhatIsLeft() {
        for (String id : a.store().active()) {
            a.http.post("/api/v1/jobs/" + id + "/cancel");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Replica.sql(pool)
                .sql("select count(*) from jobs where status in ('QUEUED', 'RUNNING')").query(Integer.class).single() == 0);
    }

    /** The replica whose worker holds job {@code id}. */
    private static Replica runner(String id) {
        String worker = Replica.sql(pool).sql("select worker from jobs where id = ?").param(id)
                .query(String.class).single();
        return worker.startsWith(a.name() + "/") ? a : b;
    }

    private static Replica other(Replica replica) {
        return replica == a ? b : a;
    }

    private static JsonNode awaitRunning(Replica on, String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode job = on.http.get("/api/v1/jobs/" + id).json();
            return job.path("status").asString().equals("RUNNING") && job.path("progress").path("epoch").asInt() > 0;
        });
        return on.http.get("/api/v1/jobs/" + id).json();
    }

    @Test
    void aJobIsWatchedWaitedOnAndCancelledFromTheReplicaThatNeitherTookNorRunsIt() throws Exception {
        // one replica's worker busy first, so that the next job runs on the other one
        String first = a.http.submit(LONG);
        awaitRunning(a, first);
        Replica busy = runner(first);
        Replica running = other(busy);
        String id = running.http.submit(LONG);
        awaitRunning(busy, id);
        assertThat(runner(id)).isSameAs(running);

        // watched from the other replica: the event stream brings the rows the runner writes, epoch after epoch
        EventStreamClient.Answer stream = new EventStreamClient(busy.port).read("/api/v1/jobs/" + id + "/events",
                null, events -> trainRows(events).size() >= 3);
        List<Integer> epochs = trainRows(stream.events());
        assertThat(stream.status()).isEqualTo(200);
        for (int i = 0; i < epochs.size(); i++) {
            assertThat(epochs.get(i)).isEqualTo(i);
        }
        // waited on there
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(
                () -> busy.http.get("/api/v1/jobs/" + id + "?wait=30"));
        JsonNode beforeCancel = busy.http.get("/api/v1/jobs/" + id).json();
        assertThat(beforeCancel.path("status").asString()).isEqualTo("RUNNING");

        // and cancelled there: the cancel reaches the runner's worker through the database
        Http.Response cancelled = busy.http.post("/api/v1/jobs/" + id + "/cancel");
        Http.Response answered = waiting.get(20, TimeUnit.SECONDS);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().path("status").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> running.http.get("/api/v1/jobs/" + id).json().has("result"));
        JsonNode onRunner = running.http.get("/api/v1/jobs/" + id).json();
        assertThat(onRunner.path("result").path("stopReason").asString()).isEqualTo("STOPPED");
        assertThat(onRunner.path("result").path("epochsCompleted").asInt()).isLessThan(100000);
        assertThat(busy.http.get("/api/v1/jobs/" + id).body()).isEqualTo(running.http.get("/api/v1/jobs/" + id).body());
        assertThat(busy.http.get("/api/v1/jobs/" + id + "/history").body())
                .isEqualTo(running.http.get("/api/v1/jobs/" + id + "/history").body());
        assertThat(busy.http.get("/api/v1/jobs/" + id + "/history").json().path("train").path("epoch").size())
                .isEqualTo(onRunner.path("progress").path("epoch").asInt());
    }

    private static List<Integer> trainRows(List<EventStreamClient.Event> events) {
        List<Integer> epochs = new ArrayList<>();
        for (EventStreamClient.Event event : events) {
            if (event.name().equals("progress")) {
                event.data().path("history").path("train").path("epoch").forEach(e -> epochs.add(e.asInt()));
            }
        }
        return epochs;
    }

    @Test
    void everyEndpointAnswersForAFinishedJobOnEitherReplica() {
        String id = a.http.submit(MOONS);

        JsonNode ended = b.http.get("/api/v1/jobs/" + id + "?wait=30").json();

        assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(ended.path("progress").path("epoch").asInt()).isEqualTo(300);
        for (String path : List.of("", "/history", "/history?from=250", "/model", "/data", "/plot.svg",
                "/plot.svg?series=boundary", "/plot.svg?series=gradients")) {
            Http.Response onA = a.http.get("/api/v1/jobs/" + id + path);
            Http.Response onB = b.http.get("/api/v1/jobs/" + id + path);
            assertThat(onA.status()).as(path).isEqualTo(200);
            assertThat(onB.status()).as(path).isEqualTo(200);
            assertThat(onB.body()).as(path).isEqualTo(onA.body());
        }
        assertThat(b.http.get("/api/v1/jobs/" + id + "/history").json().path("train").path("epoch").size())
                .isEqualTo(300);
        String x = "{\"x\":[[0.5,0.25],[-1,0.5],[2,-0.5]]}";
        Http.Response predictedOnA = a.http.post("/api/v1/jobs/" + id + "/predict", x);
        Http.Response predictedOnB = b.http.post("/api/v1/jobs/" + id + "/predict", x);
        assertThat(predictedOnB.status()).isEqualTo(200);
        assertThat(predictedOnB.body()).isEqualTo(predictedOnA.body());
        assertThat(b.http.get("/api/v1/jobs?name=moons").json().path("jobs").findValuesAsString("id")).contains(id);
    }

    @Test
    void admissionCountsTheQueuedJobsOfTheWholeCluster() {
        // both workers busy, then the cluster's queue of two filled from both replicas
        String first = a.http.submit(LONG);
        String second = a.http.submit(LONG);
        awaitRunning(a, first);
        awaitRunning(a, second);
        String queuedOnA = a.http.submit("{}");
        String queuedOnB = b.http.submit("{}");

        Http.Response refusedOnA = a.http.post("/api/v1/jobs", "{}");
        Http.Response refusedOnB = b.http.post("/api/v1/jobs", "{}");

        assertThat(a.http.get("/api/v1/jobs/" + queuedOnA).json().path("status").asString()).isEqualTo("QUEUED");
        assertThat(a.http.get("/api/v1/jobs/" + queuedOnB).json().path("status").asString()).isEqualTo("QUEUED");
        for (Http.Response refused : List.of(refusedOnA, refusedOnB)) {
            refused.problem(429, "queue-full");
            assertThat(refused.header("Retry-After")).isEqualTo("10");
        }
        assertThat(Replica.sql(pool).sql("select count(*) from jobs where status in ('QUEUED', 'RUNNING')")
                .query(Integer.class).single()).isEqualTo(4);
        // a place frees up when a queued job is cancelled
        b.http.post("/api/v1/jobs/" + queuedOnA + "/cancel");
        assertThat(b.http.post("/api/v1/jobs", "{}").status()).isEqualTo(202);
    }
}
