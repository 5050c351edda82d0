package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.Specs;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} promises, run against each store by a subclass: records, transitions, the
 * history, the trained network, listings, retention and waiting. A job here is started, trained and finished
 * the way the service does it, through the store only.
 */
public abstract class JobStoreContract {

    /** Finished single jobs a store under test keeps. */
    protected static final int RETAINED = 3;
    private static final String SMALL = "{\"name\":\"small\",\"training\":{\"epochs\":30,\"evaluateEvery\":7},"
            + "\"diagnostics\":{\"every\":5},\"model\":{\"hiddenLayers\":[4]}}";

    protected JobStore store;

    /** A new, empty store that keeps {@link #RETAINED} finished single jobs. */
    protected abstract JobStore newStore();

    @BeforeEach
    void newEmptyStore() {
        store = newStore();
    }

    private Job job(String spec) {
        return job(spec, null);
    }

    private Job job(String spec, String study) {
        CompiledSpec compiled = Specs.compile(spec);
        return new Job(UUID.randomUUID().toString(), store.nextSequence(), compiled,
                Instant.now().truncatedTo(ChronoUnit.MICROS), study);
    }

    private Job added(String spec) {
        Job job = job(spec);
        store.add(job);
        return job;
    }

    /** Starts {@code job}, trains it as a worker does and finishes it with its result and network. */
    private Job.Trained train(Job job) {
        assertThat(store.start(job, Instant.now())).isTrue();
        Trainer trainer = new Trainer(job.experiment());
        TrainingResult outcome = trainer.run(job.history(), TrainingControl.NEVER);
        Job.Trained trained = new Job.Trained(trainer.snapshot(), trainer.scaler());
        boolean ended = store.finish(job, JobStatus.SUCCEEDED, result(outcome, 0.5), null, trained, Instant.now());
        assertThat(ended).isTrue();
        return trained;
    }

    private static JobResult result(TrainingResult outcome, double testAccuracy) {
        return new JobResult(outcome.trainLoss(), outcome.testLoss(), outcome.trainAccuracy(), testAccuracy, 12,
                JobResult.StopReason.COMPLETED, outcome.epochsCompleted(), null);
    }

    private void end(Job job, double testAccuracy) {
        assertThat(store.start(job, Instant.now())).isTrue();
        assertThat(store.finish(job, JobStatus.SUCCEEDED, new JobResult(0.1, 0.1, 1, testAccuracy, 1), null, null,
                Instant.now())).isTrue();
    }

    private List<String> ids(JobStore.Page page) {
        return page.jobs().stream().map(Job.Snapshot::id).toList();
    }

    @Test
    void givesOutIncreasingSequences() {
        long first = store.nextSequence();
        long second = store.nextSequence();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void keepsAQueuedJobAsItWasAccepted() {
        String spec = "{\"name\":\"deep\",\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":8},"
                + "{\"type\":\"batch_norm\"},{\"type\":\"activation\",\"function\":\"leaky_relu\",\"negativeSlope\":0.2},"
                + "{\"type\":\"residual\",\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":\"dropout\",\"p\":0.1}]}]},"
                + "\"training\":{\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01},\"batchSize\":32,"
                + "\"schedule\":{\"type\":\"warmup_cosine\",\"warmupEpochs\":5},\"epochs\":50},"
                + "\"data\":{\"kind\":\"moons\",\"labelNoise\":0.1}}";
        Job job = job(spec, "study-7");
        store.add(job);

        Job.Snapshot found = store.find(job.id()).orElseThrow();

        assertThat(found).isEqualTo(job.snapshot());
        assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(store.experiment(job.id()).orElseThrow().training().epochs()).isEqualTo(50);
        assertThat(store.history(job.id(), 0, Integer.MAX_VALUE).orElseThrow().train().epoch()).isEmpty();
        assertThat(store.trained(job.id())).isEmpty();
        assertThat(store.active()).containsExactly(job.id());
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.history("nope", 0, 10)).isEmpty();
        assertThat(store.experiment("nope")).isEmpty();
        assertThat(store.liveWeights("nope")).isEmpty();
    }

    @Test
    void startsAQueuedJobOnlyOnce() {
        Job job = added("{}");
        long accepted = store.find(job.id()).orElseThrow().version();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(store.start(job, now)).isTrue();
        assertThat(store.start(job, now)).isFalse();

        Job.Snapshot running = store.find(job.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(now);
        assertThat(running.version()).isGreaterThan(accepted);
    }

    @Test
    void cancelsAQueuedJobWhichThenNeverStarts() {
        Job job = added("{}");

        JobStore.Change cancelled = store.cancel(job.id(), JobError.shutdown(), Instant.now()).orElseThrow();
        JobStore.Change again = store.cancel(job.id(), null, Instant.now()).orElseThrow();

        assertThat(cancelled.changed()).isTrue();
        assertThat(cancelled.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.job().error().code()).isEqualTo(JobError.Code.SHUTDOWN);
        assertThat(cancelled.job().finishedAt()).isNotNull();
        assertThat(again.changed()).isFalse();
        assertThat(again.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(store.start(job, Instant.now())).isFalse();
        assertThat(store.cancel("nope", null, Instant.now())).isEmpty();
        assertThat(store.active()).isEmpty();
    }

    @Test
    void keepsTheResultTheWholeHistoryAndTheTrainedNetworkOfAFinishedJob() {
        Job job = added(SMALL);
        Job.Trained original = train(job);
        History expected = job.history(0, Integer.MAX_VALUE);

        Job.Snapshot done = store.find(job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.epoch()).isEqualTo(30);
        // the result is the last evaluation's numbers, as the worker reported them
        double[] evalTrainLoss = expected.eval().trainLoss();
        assertThat(done.result().trainLoss()).isEqualTo(evalTrainLoss[evalTrainLoss.length - 1]);
        assertThat(done.result().testAccuracy()).isEqualTo(0.5);
        assertThat(done.result().epochsCompleted()).isEqualTo(30);
        assertThat(done.finishedAt()).isNotNull();

        History kept = store.history(job.id(), 0, Integer.MAX_VALUE).orElseThrow();
        assertSameRows(kept, expected);
        assertThat(kept.layers()).hasSize(2);
        assertSameRows(store.history(job.id(), 7, 21).orElseThrow(), job.history(7, 21));
        assertThat(store.history(job.id(), 7, 21).orElseThrow().eval().epoch()).containsExactly(7, 14);

        Job.Trained trained = store.trained(job.id()).orElseThrow();
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0.1, -0.2, 0.3, 0.4, -1, 2, 0, 0.5}});
        assertThat(trained.network().forward(x).data).containsExactly(original.network().forward(x).data);
        assertThat(Specs.JSON.writeValueAsString(trained.network().export()))
                .isEqualTo(Specs.JSON.writeValueAsString(original.network().export()));
        assertThat(trained.scaler().mean()).containsExactly(original.scaler().mean());
        assertThat(trained.scaler().scale()).containsExactly(original.scaler().scale());
    }

    @Test
    void givesAJobCancelledWhileRunningTheValuesItReachedAndKeepsItCancelled() {
        Job job = added(SMALL);
        assertThat(store.start(job, Instant.now())).isTrue();
        Trainer trainer = new Trainer(job.experiment());
        TrainingResult outcome = trainer.run(job.history(), TrainingControl.NEVER);

        assertThat(store.cancel(job.id(), null, Instant.now()).orElseThrow().changed()).isTrue();
        boolean ended = store.finish(job, JobStatus.SUCCEEDED, result(outcome, 1.0), null,
                new Job.Trained(trainer.snapshot(), trainer.scaler()), Instant.now());

        Job.Snapshot cancelled = store.find(job.id()).orElseThrow();
        assertThat(ended).isFalse();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.error()).isNull();
        assertThat(cancelled.result().trainLoss()).isEqualTo(outcome.trainLoss());
        assertThat(store.history(job.id(), 0, Integer.MAX_VALUE).orElseThrow().train().epoch()).hasSize(30);
        assertThat(store.trained(job.id())).isPresent();
    }

    @Test
    void forgetsAJobWithItsHistoryAndNetwork() {
        Job job = added(SMALL);
        train(job);

        assertThat(store.remove(job.id())).isTrue();
        assertThat(store.remove(job.id())).isFalse();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.history(job.id(), 0, 10)).isEmpty();
        assertThat(store.trained(job.id())).isEmpty();
        assertThat(ids(store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 10, null))).isEmpty();
    }

    @Test
    void forgetsTheSingleJobThatFinishedFirstBeyondTheRetainedButNeverAMember() {
        Job member = job("{}", "study-1");
        store.add(member);
        end(member, 1);
        List<Job> singles = new ArrayList<>();
        for (int i = 0; i < RETAINED + 2; i++) {
            Job job = added("{}");
            singles.add(job);
        }
        Job running = added("{}");
        store.start(running, Instant.now());
        // end out of creation order: the first to finish is the first forgotten
        end(singles.get(2), 1);
        end(singles.get(0), 1);
        for (Job job : singles.subList(3, singles.size())) {
            end(job, 1);
        }
        end(singles.get(1), 1);

        assertThat(store.find(singles.get(2).id())).isEmpty();
        assertThat(store.find(singles.get(0).id())).isEmpty();
        assertThat(singles.subList(3, singles.size())).allMatch(job -> store.find(job.id()).isPresent());
        assertThat(store.find(singles.get(1).id())).isPresent();
        assertThat(store.find(member.id())).isPresent();
        assertThat(store.find(running.id())).isPresent();
    }

    @Test
    void pagesNewestFirstWithACursorAndFilters() {
        Job relu1 = added("{\"name\":\"relu-16\"}");
        Job sigmoid = added("{\"name\":\"sigmoid-16\"}");
        Job unnamed = added("{}");
        Job relu2 = added("{\"name\":\"relu-16-32\"}");
        Job member = job("{\"name\":\"relu-member\"}", "study-9");
        store.add(member);
        end(relu1, 1);

        JobStore.Page first = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, null);
        JobStore.Page second = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, first.next());
        JobStore.Page third = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, second.next());

        assertThat(ids(first)).containsExactly(member.id(), relu2.id());
        assertThat(ids(second)).containsExactly(unnamed.id(), sigmoid.id());
        assertThat(ids(third)).containsExactly(relu1.id());
        assertThat(third.next()).isNull();
        assertThat(ids(store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 10, null)))
                .containsExactly(member.id(), relu2.id(), relu1.id());
        assertThat(ids(store.page(new JobStore.Filter(null, "Relu"), JobStore.Sort.CREATED, 10, null))).isEmpty();
        assertThat(ids(store.page(new JobStore.Filter(JobStatus.QUEUED, "relu-16"), JobStore.Sort.CREATED, 10,
                null))).containsExactly(relu2.id());
        assertThat(ids(store.page(new JobStore.Filter(null, null, "study-9"), JobStore.Sort.CREATED, 10, null)))
                .containsExactly(member.id());
        assertThat(ids(store.page(new JobStore.Filter(JobStatus.SUCCEEDED, null), JobStore.Sort.CREATED, 10, null)))
                .containsExactly(relu1.id());
        JobStore.Page one = store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 1, null);
        assertThat(ids(store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 1, one.next())))
                .containsExactly(relu2.id());
    }

    @Test
    void sortsByTestAccuracyBestFirstTiesNewestFirstUnfinishedLastAndPagesThroughIt() {
        Job[] jobs = new Job[6];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = job("{}", "study-2");   // members: none is forgotten
            store.add(jobs[i]);
        }
        end(jobs[0], 0.46);
        end(jobs[1], 1.0);
        end(jobs[2], 0.46);
        end(jobs[4], 0.9);
        // jobs[3] and jobs[5] have no result yet

        List<String> seen = new ArrayList<>();
        JobStore.Position after = null;
        int pages = 0;
        do {
            JobStore.Page page = store.page(JobStore.Filter.ALL, JobStore.Sort.TEST_ACCURACY, 4, after);
            seen.addAll(ids(page));
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(seen).containsExactly(jobs[1].id(), jobs[4].id(), jobs[2].id(), jobs[0].id(), jobs[5].id(),
                jobs[3].id());
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void completesAWaiterWhenTheJobEndsAndAtOnceWhenItHasEnded() throws Exception {
        Job finished = added("{}");
        Job cancelled = added("{}");
        CompletableFuture<Job.Snapshot> onFinish = store.whenEnded(finished.id()).orElseThrow();
        CompletableFuture<Job.Snapshot> onCancel = store.whenEnded(cancelled.id()).orElseThrow();
        CompletableFuture<Job.Snapshot> forgotten = store.whenEnded(cancelled.id()).orElseThrow();
        store.forget(cancelled.id(), forgotten);
        assertThat(onFinish).isNotDone();

        end(finished, 0.7);
        store.cancel(cancelled.id(), null, Instant.now());

        await().atMost(Duration.ofSeconds(10)).until(() -> onFinish.isDone() && onCancel.isDone());
        assertThat(onFinish.get().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(onFinish.get().result().testAccuracy()).isEqualTo(0.7);
        assertThat(onCancel.get().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(forgotten).isNotDone();
        assertThat(store.whenEnded(finished.id()).orElseThrow()).isCompleted();
        assertThat(store.whenEnded("nope")).isEmpty();
    }

    @Test
    void countsTheJobsByStatusAndErrorCode() {
        added("{}");
        Job cancelled = added("{}");
        store.cancel(cancelled.id(), JobError.shutdown(), Instant.now());
        Job done = added("{}");
        end(done, 1);

        assertThat(store.counts()).containsExactlyInAnyOrder(
                new JobStore.Count(JobStatus.QUEUED, null, 1),
                new JobStore.Count(JobStatus.CANCELLED, JobError.Code.SHUTDOWN, 1),
                new JobStore.Count(JobStatus.SUCCEEDED, null, 1));
    }

    private static void assertSameRows(History actual, History expected) {
        assertThat(actual.train().epoch()).containsExactly(expected.train().epoch());
        assertThat(actual.train().loss()).containsExactly(expected.train().loss());
        assertThat(actual.train().learningRate()).containsExactly(expected.train().learningRate());
        assertThat(actual.eval().epoch()).containsExactly(expected.eval().epoch());
        assertThat(actual.eval().testLoss()).containsExactly(expected.eval().testLoss());
        assertThat(actual.eval().trainAccuracy()).containsExactly(expected.eval().trainAccuracy());
        assertThat(actual.layers()).hasSameSizeAs(expected.layers());
        for (int l = 0; l < expected.layers().size(); l++) {
            assertThat(actual.layers().get(l).epoch()).containsExactly(expected.layers().get(l).epoch());
            assertThat(actual.layers().get(l).weightGradNorm()).containsExactly(expected.layers().get(l).weightGradNorm());
            assertThat(actual.layers().get(l).deadFraction()).containsExactly(expected.layers().get(l).deadFraction());
        }
    }
}
