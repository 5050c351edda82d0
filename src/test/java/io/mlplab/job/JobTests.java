package io.mlplab.job;

import io.mlplab.spec.Specs;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's state machine: forward only, one terminal status, snapshots that do not change. */
class JobTests {

    private static Job job() {
        return new Job("j", 1, Specs.compile("{}"), Instant.now());
    }

    private static final JobResult RESULT = new JobResult(0.1, 0.2, 1, 1, 5);

    @Test
    void movesForwardOnlyAndEndsOnce() {
        Job job = job();
        assertThatThrownBy(() -> job.finish(JobStatus.SUCCEEDED, RESULT, null, Instant.now()))
                .as("only a worker finishes a job, and only one it started").isInstanceOf(IllegalStateException.class);
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.start(Instant.now())).isTrue();
        assertThat(job.start(Instant.now())).isFalse();
        assertThat(job.finish(JobStatus.SUCCEEDED, RESULT, null, Instant.now())).isTrue();
        assertThat(job.cancel(Instant.now(), null)).isFalse();
        assertThat(job.finish(JobStatus.FAILED, RESULT, JobError.shutdown(), Instant.now())).isFalse();
        assertThat(job.snapshot().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.snapshot().error()).isNull();
    }

    @Test
    void aCancelledQueuedJobNeverStarts() {
        Job job = job();
        assertThat(job.cancel(Instant.now(), JobError.shutdown())).isTrue();
        assertThat(job.start(Instant.now())).isFalse();
        assertThat(job.stopRequested()).isTrue();
        assertThat(job.snapshot().error().code()).isEqualTo(JobError.Code.SHUTDOWN);
    }

    @Test
    void aCancelledRunningJobKeepsItsStatusAndGetsTheLastValues() {
        Job job = job();
        job.start(Instant.now());
        Job.Snapshot running = job.snapshot();
        job.cancel(Instant.now(), null);
        Job.Snapshot cancelled = job.snapshot();

        assertThat(job.finish(JobStatus.FAILED, RESULT, JobError.timeout("1h", 3), Instant.now())).isFalse();

        Job.Snapshot stopped = job.snapshot();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.error()).isNull();
        assertThat(stopped.result()).isEqualTo(RESULT);
        assertThat(cancelled.result()).isNull();
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stopped.etag()).isNotEqualTo(cancelled.etag()).isNotEqualTo(running.etag());
    }

    @Test
    void wakesItsWaitersWhenItEnds() {
        Job job = job();
        CompletableFuture<Job.Snapshot> waiter = job.whenEnded();
        CompletableFuture<Job.Snapshot> forgotten = job.whenEnded();
        job.forget(forgotten);
        job.start(Instant.now());
        assertThat(waiter).isNotDone();

        job.finish(JobStatus.SUCCEEDED, RESULT, null, Instant.now());

        assertThat(waiter).isCompletedWithValueMatching(snapshot -> snapshot.status() == JobStatus.SUCCEEDED);
        assertThat(forgotten).isNotDone();
        assertThat(job.whenEnded()).isCompleted();
    }

    @Test
    void recordsHistoryRowsForReaders() {
        JobHistory history = new JobHistory(25, 10);
        for (int epoch = 0; epoch < 25; epoch++) {
            history.onEpoch(epoch, 1.0 / (epoch + 1), 0.1);
            if (epoch % 10 == 0 || epoch == 24) {
                history.onEvaluation(epoch, 0.5, 0.6, 0.9, 0.8);
            }
        }
        History all = history.since(0);
        History late = history.since(20);
        assertThat(all.train().epoch()).hasSize(25);
        assertThat(all.eval().epoch()).containsExactly(0, 10, 20, 24);
        assertThat(late.train().epoch()).containsExactly(20, 21, 22, 23, 24);
        assertThat(late.train().loss()).containsExactly(1 / 21.0, 1 / 22.0, 1 / 23.0, 1 / 24.0, 1 / 25.0);
        assertThat(late.eval().epoch()).containsExactly(20, 24);
        assertThat(history.since(99).train().epoch()).isEmpty();
    }
}
