package io.mlplab.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.springframework.stereotype.Component;

/**
 * The service's meters. Tagged counters are registered up front so that every series shows (at 0) before
 * its first event.
 *
 * <ul>
 *   <li>{@code mlp.jobs.submitted}: jobs accepted</li>
 *   <li>{@code mlp.jobs.rejected{reason=queue_full|shutting_down}}: valid specs turned away</li>
 *   <li>{@code mlp.jobs.finished{status=succeeded|failed|cancelled}}: jobs that ended</li>
 *   <li>{@code mlp.jobs.queue.depth}, {@code mlp.jobs.running}: gauges (with a shared store the depth is
 *       the whole cluster's queue, the running jobs this replica's)</li>
 *   <li>{@code mlp.jobs.training.time}: a worker's time per job, data included</li>
 *   <li>{@code mlp.jobs.epochs}: epochs trained, counted as each epoch ends, so its rate is the server's
 *       epochs per second while jobs run</li>
 *   <li>{@code mlp.job.epochs{job_id, job_name}}: the epochs of one running job so far, also counted as
 *       they end; registered when a worker starts the job and removed when it ends, so there are never
 *       more of them than workers</li>
 *   <li>{@code mlp.jobs.epochs.per.second}: one sample per job that trained</li>
 * </ul>
 */
@Component
class JobMetrics {

    /** Why a valid job was turned away. */
    enum Rejection {
        QUEUE_FULL, SHUTTING_DOWN
    }

    private final Counter submitted;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final Map<JobStatus, Counter> finished = new EnumMap<>(JobStatus.class);
    private final AtomicInteger running = new AtomicInteger();
    private final Timer trainingTime;
    private final DistributionSummary epochsPerSecond;
    private final MeterRegistry registry;
    private volatile IntSupplier queued;
    /** The epochs of jobs whose workers have ended, and each running job's meter; guarded by this. */
    private long endedEpochs;
    private final Map<Job, FunctionCounter> runningJobs = new HashMap<>();

    JobMetrics(MeterRegistry registry, ThreadPoolExecutor jobExecutor) {
        this.registry = registry;
        submitted = Counter.builder("mlp.jobs.submitted").description("Jobs accepted").register(registry);
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, Counter.builder("mlp.jobs.rejected").description("Valid jobs turned away")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (JobStatus status : JobStatus.values()) {
            if (status.isTerminal()) {
                finished.put(status, Counter.builder("mlp.jobs.finished").description("Jobs that ended")
                        .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry));
            }
        }
        queued = () -> jobExecutor.getQueue().size();
        Gauge.builder("mlp.jobs.queue.depth", this, JobMetrics::queued)
                .description("Jobs waiting for a worker").register(registry);
        Gauge.builder("mlp.jobs.running", running, AtomicInteger::get)
                .description("Workers training a job").register(registry);
        trainingTime = Timer.builder("mlp.jobs.training.time").description("A worker's time per job, data included")
                .register(registry);
        // read at each scrape: the ended jobs' epochs and the running ones' so far (their histories count
        // every epoch as it ends, so counting costs the epoch loop nothing)
        FunctionCounter.builder("mlp.jobs.epochs", this, JobMetrics::epochs)
                .description("Epochs trained, counted as each epoch ends").register(registry);
        epochsPerSecond = DistributionSummary.builder("mlp.jobs.epochs.per.second")
                .description("Epochs per second of each job that trained").register(registry);
    }

    /**
     * Counts the queue with {@code count} from now on: with a shared store, the jobs queued in the whole
     * cluster (the same number on every replica, so a dashboard takes the largest, not the sum).
     */
    void countQueued(IntSupplier count) {
        queued = count;
    }

    private double queued() {
        try {
            return queued.getAsInt();
        } catch (RuntimeException e) {
            return Double.NaN;   // the database cannot answer: no value rather than a wrong one
        }
    }

    void submitted() {
        submitted.increment();
    }

    void rejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    void finished(JobStatus status) {
        finished.get(status).increment();
    }

    /** A worker has started {@code job}: counts it as running and its epochs as they end. */
    void workerStarted(Job job) {
        FunctionCounter meter = FunctionCounter.builder("mlp.job.epochs", job, j -> j.history().epochs())
                .description("Epochs of one running job so far, counted as each epoch ends")
                .tag("job_id", job.id()).tag("job_name", job.name() == null ? "" : job.name())
                .register(registry);
        synchronized (this) {
            runningJobs.put(job, meter);
        }
        running.incrementAndGet();
    }

    /** A worker is done with {@code job}, which ran {@code epochsRun} epochs in {@code nanos}. */
    void workerEnded(Job job, long nanos, int epochsRun) {
        trainingTime.record(nanos, TimeUnit.NANOSECONDS);
        if (nanos > 0 && epochsRun > 0) {
            epochsPerSecond.record(epochsRun / (nanos / 1e9));
        }
        FunctionCounter meter;
        synchronized (this) {
            // in one step, so that the total never counts the job twice nor drops its epochs for a moment
            endedEpochs += epochsRun;
            meter = runningJobs.remove(job);
        }
        if (meter != null) {
            registry.remove(meter);
        }
        // last, so that a reader who sees no running worker sees every meter of the ones that ended
        running.decrementAndGet();
    }

    /** Every epoch trained so far: the ended jobs' and the running jobs' epochs up to now. */
    synchronized double epochs() {
        long total = endedEpochs;
        for (Job job : runningJobs.keySet()) {
            total += job.history().epochs();
        }
        return total;
    }
}
