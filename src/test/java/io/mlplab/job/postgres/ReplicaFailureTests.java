package io.mlplab.job.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.Specs;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingListener;
import io.mlplab.training.TrainingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Replicas that die, shut down and restart, each test on a database of its own: no job is lost, no finished
 * result is forgotten, and a job that starts again gives the same numbers.
 */
class ReplicaFailureTests {

    /** A few seconds of training on this machine: long enough to be caught running. */
    static final int EPOCHS = 3000;
    static final String MEDIUM = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":" + EPOCHS + "}}";

    private final List<AutoCloseable> open = new ArrayList<>();
    private String url;
    private HikariDataSource pool;

    private Replica replica(String... arguments) {
        if (url == null) {
            url = TestDatabase.create();
        }
        Replica replica = Replica.start(url, arguments);
        open.add(replica);
        if (pool == null) {
            pool = TestDatabase.pool(url);
        }
        return replica;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private Map<String, Object> row(String id) {
        return Replica.sql(pool).sql("select status, attempts, lost, worker, epoch from jobs where id = ?").param(id)
                .query().singleRow();
    }

    private static void awaitProgress(Replica on, String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode job = on.http.get("/api/v1/jobs/" + id).json();
            return job.path("status").asString().equals("RUNNING") && job.path("progress").path("epoch").asInt() > 0;
        });
    }

    private static final Map<String, double[]> LOSSES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The job trained here, in this thread, without any store: the numbers every attempt must give. */
    private static double[] lossesOf(String spec) {
        return LOSSES.computeIfAbsent(spec, ReplicaFailureTests::train);
    }

    private static double[] train(String spec) {
        CompiledSpec compiled = Specs.compile(spec);
        double[] loss = new double[compiled.experiment().training().epochs()];
        TrainingResult result = new Trainer(compiled.experiment()).run(new TrainingListener() {
            @Override
            public void onEpoch(int epoch, double trainLoss, double learningRate) {
                loss[epoch] = trainLoss;
            }

            @Override
            public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                     double testAccuracy) {
            }
        }, TrainingControl.NEVER);
        assertThat(result.epochsCompleted()).isEqualTo(loss.length);
        return loss;
    }

    private static double[] losses(JsonNode history) {
        JsonNode loss = history.path("train").path("loss");
        double[] values = new double[loss.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = loss.get(i).asDouble();
        }
        return values;
    }

    /** The replica of the pair whose worker runs job {@code id}. */
    private Replica runner(String id, Replica one, Replica other) {
        return ((String) row(id).get("worker")).startsWith(one.name() + "/") ? one : other;
    }

    @Test
    void aJobWhoseReplicaDiesIsRunAgainByAnotherOnceItsLeaseRunsOutToTheSameNumbers() {
        Replica one = replica();
        Replica other = replica();
        String id = one.http.submit(MEDIUM);
        awaitProgress(one, id);
        Replica dying = runner(id, one, other);
        Replica survivor = dying == one ? other : one;

        dying.kill();

        JsonNode ended = survivor.http.awaitEnd(id);
        assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
        Map<String, Object> row = row(id);
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("lost")).isEqualTo(1);
        assertThat((String) row.get("worker")).startsWith(survivor.name() + "/");
        // the first attempt's rows were dropped: the history is the second attempt's, epoch 0 to the end
        JsonNode history = survivor.http.get("/api/v1/jobs/" + id + "/history").json();
        assertThat(history.path("train").path("epoch").size()).isEqualTo(EPOCHS);
        assertThat(history.path("train").path("epoch").get(0).asInt()).isZero();
        assertThat(losses(history)).containsExactly(lossesOf(MEDIUM));
    }

    @Test
    void aJobLostAsOftenAsAllowedEndsFailedWithWorkerLost() {
        Replica one = replica("--mlp.store.max-attempts=1");
        Replica other = replica("--mlp.store.max-attempts=1");
        String id = one.http.submit(MEDIUM);
        awaitProgress(one, id);
        Replica dying = runner(id, one, other);
        Replica survivor = dying == one ? other : one;

        dying.kill();

        JsonNode ended = survivor.http.awaitEnd(id);
        assertThat(ended.path("status").asString()).isEqualTo("FAILED");
        assertThat(ended.path("error").path("code").asString()).isEqualTo("WORKER_LOST");
        assertThat(ended.path("error").path("message").asString()).contains("lease");
        assertThat(row(id).get("lost")).isEqualTo(1);
        assertThat(row(id).get("attempts")).isEqualTo(1);
        // counted where it ended, by the survivor's reaper, just after the end is visible
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                survivor.http.get("/actuator/prometheus").body())
                .contains("mlp_jobs_finished_total{status=\"failed\"} 1.0"));
    }

    @Test
    void aReplicaThatShutsDownHandsItsRunningJobToTheOthersWithoutWaitingForTheLease() {
        // a lease far longer than the test: only the hand-over can explain the second attempt
        Replica one = replica("--mlp.store.lease=10m");
        Replica other = replica("--mlp.store.lease=10m");
        String id = one.http.submit(MEDIUM);
        awaitProgress(one, id);
        Replica leaving = runner(id, one, other);
        Replica staying = leaving == one ? other : one;

        leaving.close();

        JsonNode ended = staying.http.awaitEnd(id);
        assertThat(ended.path("status").asString()).isEqualTo("SUCCEEDED");
        Map<String, Object> row = row(id);
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("lost")).isEqualTo(0);
        assertThat((String) row.get("worker")).startsWith(staying.name() + "/");
        assertThat(losses(staying.http.get("/api/v1/jobs/" + id + "/history").json())).containsExactly(lossesOf(MEDIUM));
    }

    @Test
    void aRestartedReplicaServesTheOldResultsHistoriesAndModelsAndRunsWhatWasQueued() {
        Replica before = replica();
        String done = before.http.submit(TwoReplicaTests.MOONS);
        before.http.awaitEnd(done);
        List<String> paths = List.of("", "/history", "/model", "/plot.svg?series=boundary");
        List<String> answers = new ArrayList<>();
        for (String path : paths) {
            answers.add(before.http.get("/api/v1/jobs/" + done + path).body());
        }
        String x = "{\"x\":[[0.5,0.25],[-1,0.5]]}";
        String predicted = before.http.post("/api/v1/jobs/" + done + "/predict", x).body();
        String running = before.http.submit(MEDIUM);
        String queued = before.http.submit("{\"name\":\"waiting\"}");
        awaitProgress(before, running);

        before.close();
        assertThat(row(running).get("status")).isEqualTo("QUEUED");
        assertThat(row(queued).get("status")).isEqualTo("QUEUED");
        Replica after = replica();

        for (int i = 0; i < paths.size(); i++) {
            assertThat(after.http.get("/api/v1/jobs/" + done + paths.get(i)).body()).as(paths.get(i))
                    .isEqualTo(answers.get(i));
        }
        assertThat(after.http.post("/api/v1/jobs/" + done + "/predict", x).body()).isEqualTo(predicted);
        assertThat(after.http.awaitEnd(running).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(after.http.awaitEnd(queued).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(losses(after.http.get("/api/v1/jobs/" + running + "/history").json()))
                .containsExactly(lossesOf(MEDIUM));
    }
}
