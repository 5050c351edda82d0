package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mlplab.config.JobExecutorConfiguration;
import io.mlplab.config.JobsProperties;
import io.mlplab.spec.ActivationType;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.DataSpec;
import io.mlplab.spec.EarlyStoppingSpec;
import io.mlplab.spec.InitSpec;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.LossType;
import io.mlplab.spec.ModelSpec;
import io.mlplab.spec.OptimizerSpec;
import io.mlplab.spec.ScheduleSpec;
import io.mlplab.spec.Specs;
import io.mlplab.spec.TrainingSpec;
import io.mlplab.training.Experiment;
import io.mlplab.training.kernel.Compute;
import io.mlplab.web.InvalidSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service on a real executor and store, without Spring. */
class JobServiceTests {

    /** About 100 s of training if nothing stops it. */
    static final String LONG = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":100000}}";
    static final String SHORT = "{\"model\":{\"hiddenLayers\":[16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":200}}";

    private final List<JobService> services = new ArrayList<>();
    private SimpleMeterRegistry registry;
    private InMemoryJobStore store;
    private ThreadPoolExecutor executor;
    private final List<ThreadPoolExecutor> executors = new ArrayList<>();

    /** The spec compiled as the HTTP edge compiles it, with the default limits. */
    static CompiledSpec spec(String json) {
        return Specs.compile(json);
    }

    private JobService service(int workers, int queueCapacity, Duration maxRuntime) {
        JobsProperties properties = new JobsProperties(workers, queueCapacity, 1000, maxRuntime,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        registry = new SimpleMeterRegistry();
        store = new InMemoryJobStore(properties);
        executor = new JobExecutorConfiguration().jobExecutor(properties);
        executors.add(executor);
        JobService service = new JobService(store, executor, properties,
                new JobMetrics(registry, executor), Compute.DEFAULT);
        service.start();
        services.add(service);
        return service;
    }

    private JobService service(int workers, int queueCapacity) {
        return service(workers, queueCapacity, Duration.ofHours(1));
    }

    @AfterEach
    void stopServices() {
        for (JobService service : services) {
            if (service.isRunning()) {
                service.stop();
            }
        }
        executors.forEach(ThreadPoolExecutor::shutdownNow);
    }

    private static Job.Snapshot awaitEnd(JobService service, String id) throws Exception {
        return service.await(id, Duration.ofSeconds(60)).get(60, TimeUnit.SECONDS);
    }

    private static void awaitRunning(JobService service, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Job.Snapshot job = service.find(id);
            return job.status() == JobStatus.RUNNING && job.epoch() > 0;
        });
    }

    @Test
    void runsAJobToSuccessAndItsResultIsTheLastEvaluation() throws Exception {
        JobService service = service(1, 10);

        String id = service.submit(spec(SHORT)).id();
        Job.Snapshot job = awaitEnd(service, id);
        History history = service.history(id, 0);

        assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.error()).isNull();
        assertThat(job.epoch()).isEqualTo(200);
        assertThat(job.startedAt()).isAfterOrEqualTo(job.createdAt());
        assertThat(job.finishedAt()).isAfterOrEqualTo(job.startedAt());
        assertThat(history.train().epoch()).hasSize(200).startsWith(0, 1).endsWith(199);
        assertThat(history.train().learningRate()).containsOnly(0.1);
        assertThat(history.eval().epoch()).hasSize(21).startsWith(0, 10).endsWith(190, 199);
        int last = history.eval().epoch().length - 1;
        assertThat(job.result().trainLoss()).isEqualTo(history.eval().trainLoss()[last]);
        assertThat(job.result().testLoss()).isEqualTo(history.eval().testLoss()[last]);
        assertThat(job.result().testAccuracy()).isEqualTo(history.eval().testAccuracy()[last]).isEqualTo(1.0);
        assertThat(service.history(id, 195).train().epoch()).containsExactly(195, 196, 197, 198, 199);
        assertThat(service.history(id, 195).eval().epoch()).containsExactly(199);
        // the service counts the job as finished just after the job has ended (and woken the waiter), and the
        // worker records its own meters just after that
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.get("mlp.jobs.finished").tag("status", "succeeded").counter().count() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("mlp.jobs.running").gauge().value() == 0);
        assertThat(registry.get("mlp.jobs.epochs").functionCounter().count()).isEqualTo(200);
        assertThat(registry.get("mlp.jobs.epochs.per.second").summary().count()).isEqualTo(1);
        assertThat(registry.get("mlp.jobs.training.time").timer().count()).isEqualTo(1);
        // the job's own epoch counter left with it
        assertThat(registry.find("mlp.job.epochs").functionCounters()).isEmpty();
    }

    @Test
    void countsARunningJobsEpochsAsTheyHappenPerJobAndInTotal() throws Exception {
        JobService service = service(1, 10);
        String id = service.submit(spec(LONG.replace("{\"model\"", "{\"name\":\"long-relu\",\"model\""))).id();
        awaitRunning(service, id);

        var own = registry.get("mlp.job.epochs").tag("job_id", id).tag("job_name", "long-relu").functionCounter();
        double first = own.count();
        // read after the job's own count, as the job goes on meanwhile: the total holds at least as many
        double total = registry.get("mlp.jobs.epochs").functionCounter().count();
        assertThat(first).isPositive();
        assertThat(total).isGreaterThanOrEqualTo(first);
        // both keep counting while the job is still running
        await().atMost(Duration.ofSeconds(30)).until(() -> own.count() > first
                && registry.get("mlp.jobs.epochs").functionCounter().count() > total);
        assertThat(service.find(id).status()).isEqualTo(JobStatus.RUNNING);

        service.cancel(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("mlp.jobs.running").gauge().value() == 0);
        // once ended, the job's epochs stay in the total and its own counter is gone
        assertThat(registry.get("mlp.jobs.epochs").functionCounter().count())
                .isEqualTo(service.find(id).epoch());
        assertThat(registry.find("mlp.job.epochs").functionCounters()).isEmpty();
    }

    @Test
    void echoesTheSpecWithEveryDefaultFilledIn() {
        JobService service = service(1, 10);

        JobSpec echoed = service.submit(spec("{\"model\":{\"activation\":\"tanh\"}}")).spec();

        assertThat(echoed.seed()).isEqualTo(42L);
        assertThat(echoed.data()).isEqualTo(new DataSpec.Blobs(500, 8, 2.0, 1.0, 0.2, true));
        assertThat(echoed.model()).isEqualTo(new ModelSpec(List.of(), ActivationType.TANH, ActivationType.TANH, null,
                new InitSpec.Uniform(0.01), null));
        assertThat(echoed.training()).isEqualTo(new TrainingSpec(1000, LossType.MSE, null, null,
                new OptimizerSpec.Sgd(0.1, 0.0, 0.0, false, 0.0), new ScheduleSpec.Constant(), 10, null, null));
    }

    @Test
    void echoesTheParametersOfTheChosenOptionsWithTheirDefaults() {
        JobService service = service(1, 10);

        JobSpec echoed = service.submit(spec("{\"model\":{\"activation\":\"leaky_relu\",\"hiddenLayers\":[4],"
                + "\"init\":{\"scheme\":\"he_normal\"}},\"training\":{\"epochs\":5,\"loss\":\"bce\","
                + "\"batchSize\":16,\"optimizer\":{\"type\":\"adamw\"},\"schedule\":{\"type\":\"one_cycle\"},"
                + "\"earlyStopping\":{}}}")).spec();

        assertThat(echoed.model().outputActivation()).isEqualTo(ActivationType.SIGMOID);
        assertThat(echoed.model().negativeSlope()).isEqualTo(0.01);
        assertThat(echoed.model().init()).isEqualTo(new InitSpec.HeNormal(null));
        assertThat(echoed.training().shuffle()).isTrue();
        assertThat(echoed.training().optimizer()).isEqualTo(new OptimizerSpec.AdamW(0.1, 0.01, List.of(0.9, 0.999),
                1e-8));
        assertThat(echoed.training().schedule()).isEqualTo(new ScheduleSpec.OneCycle(0.3, 25.0, 1e4));
        assertThat(echoed.training().earlyStopping()).isEqualTo(new EarlyStoppingSpec(
                EarlyStoppingSpec.Monitor.TEST_LOSS, 10, 0.0));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model":{"hiddenLayers":[4,4,4,4,4,4,4,4,4]}}                          | model.hiddenLayers     | max-hidden-layers
            {"model":{"hiddenLayers":[16,513]}}                                     | model.hiddenLayers[1]  | max-width
            {"data":{"samples":100001}}                                             | data.samples           | max-samples
            {"data":{"features":513}}                                               | data.features          | max-features
            {"training":{"epochs":100001}}                                          | training.epochs        | max-epochs
            {"model":{"hiddenLayers":[512,512,512]},"training":{"epochs":100000}}   | training.epochs        | max-work
            {"data":{"samples":100000,"features":512},"model":{"hiddenLayers":[512,512,512,512,512,512,512,512]},"training":{"epochs":1},"diagnostics":{"every":0}} | data.samples | of memory
            {"training":{"loss":"cross_entropy"},"model":{"outputActivation":"sigmoid"}} | model.outputActivation | linear
            {"data":{"samples":20000},"model":{"hiddenLayers":[64,64,64]},"training":{"epochs":4000,"batchSize":1}} | training.epochs | max-work
            {"data":{"samples":2,"testFraction":0.9}}                               | data.testFraction      | left for training
            """)
    void rejectsWhatTheServerDoesNotAllowNamingTheFieldAndTheLimit(String json, String field, String words) {
        JobService service = service(1, 10);

        assertThatThrownBy(() -> service.submit(spec(json)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.errors())
                        .anySatisfy(error -> {
                            assertThat(error.field()).isEqualTo(field);
                            assertThat(error.message()).contains(words).doesNotContain("%");
                        }));
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aFullQueueRejectsTheJobWithoutCreatingIt() {
        JobService service = service(1, 1);
        String running = service.submit(spec(LONG)).id();
        awaitRunning(service, running);
        String queued = service.submit(spec(LONG)).id();

        assertThatThrownBy(() -> service.submit(spec(LONG))).isInstanceOf(QueueFullException.class);

        assertThat(store.all()).extracting(Job::id).containsExactlyInAnyOrder(running, queued);
        assertThat(registry.get("mlp.jobs.rejected").tag("reason", "queue_full").counter().count()).isEqualTo(1);
        assertThat(registry.get("mlp.jobs.submitted").counter().count()).isEqualTo(2);
        assertThat(registry.get("mlp.jobs.queue.depth").gauge().value()).isEqualTo(1);
        assertThat(registry.get("mlp.jobs.running").gauge().value()).isEqualTo(1);
    }

    @Test
    void aQueuedJobThatIsCancelledNeverStartsAndFreesItsPlace() throws Exception {
        JobService service = service(1, 1);
        String running = service.submit(spec(LONG)).id();
        awaitRunning(service, running);
        String queued = service.submit(spec(SHORT)).id();

        Job.Snapshot cancelled = service.cancel(queued);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.error()).isNull();
        assertThat(executor.getQueue()).isEmpty();
        String next = service.submit(spec(SHORT)).id();
        service.cancel(running);
        assertThat(awaitEnd(service, next).status()).isEqualTo(JobStatus.SUCCEEDED);
        Job.Snapshot never = service.find(queued);
        assertThat(never.startedAt()).isNull();
        assertThat(never.epoch()).isZero();
        assertThat(never.result()).isNull();
    }

    @Test
    void aRunningJobThatIsCancelledStopsBeforeItsNextEpoch() {
        JobService service = service(1, 1);
        String id = service.submit(spec(LONG)).id();
        awaitRunning(service, id);

        Job.Snapshot cancelled = service.cancel(id);

        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isNotNull();
        // the worker attaches the last values reached once it has left the epoch it was in
        await().atMost(Duration.ofSeconds(10)).until(() -> service.find(id).result() != null);
        Job.Snapshot stopped = service.find(id);
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.epoch()).isLessThan(stopped.epochs());
        assertThat(stopped.result().trainLoss()).isFinite();
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.getActiveCount() == 0);
        assertThat(service.find(id).epoch()).isEqualTo(stopped.epoch());
        assertThat(registry.get("mlp.jobs.finished").tag("status", "cancelled").counter().count()).isEqualTo(1);
    }

    @Test
    void cancellingAFinishedJobIsRefused() throws Exception {
        JobService service = service(1, 1);
        String id = service.submit(spec(SHORT)).id();
        awaitEnd(service, id);

        assertThatThrownBy(() -> service.cancel(id)).isInstanceOf(JobAlreadyFinishedException.class);
        assertThat(service.find(id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void deletingAnActiveJobCancelsAndForgetsIt() {
        JobService service = service(1, 1);
        String id = service.submit(spec(LONG)).id();
        awaitRunning(service, id);

        service.delete(id);

        assertThatThrownBy(() -> service.find(id)).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.delete(id)).isInstanceOf(JobNotFoundException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> executor.getActiveCount() == 0);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aDivergingJobFailsNamingTheEpoch() throws Exception {
        JobService service = service(1, 1);
        String id = service.submit(spec("{\"model\":{\"hiddenLayers\":[16,16],\"activation\":\"linear\","
                + "\"init\":{\"scale\":1.0}},\"training\":{\"optimizer\":{\"learningRate\":5.0}}}")).id();

        Job.Snapshot job = awaitEnd(service, id);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().code()).isEqualTo(JobError.Code.DIVERGED);
        int failedEpoch = job.epoch() - 1;
        assertThat(job.error().message()).contains("at epoch " + failedEpoch);
        assertThat(job.result().trainLoss()).isNotFinite();
        assertThat(service.history(id, failedEpoch).train().loss()[0]).isNotFinite();
    }

    @Test
    void aJobOverTheMaximumRuntimeFailsWithTimeout() throws Exception {
        JobService service = service(1, 1, Duration.ofMillis(50));
        String id = service.submit(spec(LONG)).id();

        Job.Snapshot job = awaitEnd(service, id);

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().code()).isEqualTo(JobError.Code.TIMEOUT);
        assertThat(job.error().message()).contains("maximum runtime of 0.05s");
        assertThat(job.result()).isNotNull();
    }

    @Test
    void anUnexpectedFailureIsInternalAndItsMessageHasNoStackTrace() throws Exception {
        CompiledSpec seed = spec("{}");
        Experiment real = seed.experiment();
        CompiledSpec failing = new CompiledSpec(seed.spec(), new Experiment(real.seed(), new Experiment.Data(random -> {
            throw new IllegalStateException("generator exploded in io.mlplab.data");
        }, 0.2, true), real.model(), real.training()));
        JobService service = service(1, 1, Duration.ofHours(1));

        Job.Snapshot job = awaitEnd(service, service.submit(failing).id());

        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().code()).isEqualTo(JobError.Code.INTERNAL);
        assertThat(job.error().message()).contains("incident").doesNotContain("exploded");
        Problems.assertNoGiveaways(job.error().message());
        // the worker leaves just after the job has ended
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("mlp.jobs.running").gauge().value() == 0);
    }

    @Test
    void awaitAnswersWithTheCurrentStateWhenTheWaitIsOver() throws Exception {
        JobService service = service(1, 1);
        String id = service.submit(spec(LONG)).id();

        Job.Snapshot job = service.await(id, Duration.ofMillis(300)).get(30, TimeUnit.SECONDS);

        assertThat(job.status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);
        service.cancel(id);
        assertThat(service.await(id, Duration.ofSeconds(30)).get(1, TimeUnit.SECONDS).status())
                .isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void shutdownCancelsEveryActiveJobAndRefusesNewOnes() throws Exception {
        JobService service = service(1, 5);
        String done = service.submit(spec(SHORT)).id();
        awaitEnd(service, done);
        String running = service.submit(spec(LONG)).id();
        awaitRunning(service, running);
        String queued = service.submit(spec(LONG)).id();

        service.stop();

        assertThat(service.find(done).status()).isEqualTo(JobStatus.SUCCEEDED);
        for (String id : List.of(running, queued)) {
            Job.Snapshot job = service.find(id);
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(job.error().code()).isEqualTo(JobError.Code.SHUTDOWN);
        }
        assertThat(service.find(running).result()).isNotNull();
        assertThat(service.find(queued).startedAt()).isNull();
        // stop() returns once every worker has left its job; the executor counts a thread active until the task
        // has returned from run() as well, a few instructions later
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.getActiveCount() == 0);
        assertThat(executor.getQueue()).isEmpty();
        assertThatThrownBy(() -> service.submit(spec("{}"))).isInstanceOf(ShuttingDownException.class);
        assertThat(registry.get("mlp.jobs.rejected").tag("reason", "shutting_down").counter().count()).isEqualTo(1);

        // a stopped service can start again, as when the test framework resumes a paused context
        service.start();
        assertThat(awaitEnd(service, service.submit(spec(SHORT)).id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    }
}
