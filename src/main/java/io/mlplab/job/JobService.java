package io.mlplab.job;

import io.mlplab.config.FaultInjection;
import io.mlplab.config.JobsProperties;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingListener;
import io.mlplab.training.TrainingResult;
import io.mlplab.training.kernel.Compute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Submits, finds, cancels and forgets training jobs, and runs them on the bounded job executor. Request
 * threads only validate, enqueue and read snapshots; a worker thread builds the {@link Trainer} and trains.
 *
 * <p>As a {@link SmartLifecycle} in the first phase to stop, the service shuts down before the web server
 * finishes its graceful shutdown and before the executor bean is destroyed: it refuses new jobs (503),
 * cancels every queued and running job with error code SHUTDOWN, waits for the workers to go idle, and logs
 * how every job it knows ended. It leaves the executor running, so a stopped service can start again (the
 * test framework pauses and resumes contexts); the executor bean shuts down with the context.
 */
@Service
public class JobService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobStore store;
    private final ThreadPoolExecutor executor;
    private final JobsProperties properties;
    private final JobMetrics metrics;
    private final Compute compute;
    /** Off unless mlp.faults.enabled: for the reliability battery and the tests */
    private final FaultInjection faults;
    private final AtomicLong sequence = new AtomicLong();
    /** Submissions hold the read lock while they enqueue; shutdown takes the write lock to close the door. */
    private final ReadWriteLock door = new ReentrantReadWriteLock();
    private volatile boolean accepting;
    /** Workers inside {@link #run}; guarded by itself, signalled when it drops. */
    private final int[] busyWorkers = new int[1];
    private final List<Consumer<Job.Snapshot>> endListeners = new CopyOnWriteArrayList<>();

    JobService(JobStore store, ThreadPoolExecutor jobExecutor, JobsProperties properties, JobMetrics metrics,
               Compute compute) {
        this(store, jobExecutor, properties, metrics, compute, new FaultInjection(false));
    }

    @Autowired
    JobService(JobStore store, ThreadPoolExecutor jobExecutor, JobsProperties properties, JobMetrics metrics,
               Compute compute, FaultInjection faults) {
        this.faults = faults;
        this.store = store;
        this.executor = jobExecutor;
        this.properties = properties;
        this.metrics = metrics;
        this.compute = compute;
    }

    /**
     * Queues a job for a spec the {@linkplain io.mlplab.spec.SpecCompiler compiler} accepted.
     *
     * @throws QueueFullException    if the queue is full; no job is created
     * @throws ShuttingDownException if the server is shutting down; no job is created
     */
    public Job.Snapshot submit(CompiledSpec spec) {
        return enqueue(new Job(UUID.randomUUID().toString(), sequence.incrementAndGet(), spec, Instant.now()));
    }

    /**
     * Queues a member of the study {@code study}. The study's feeder calls this only while it has fewer
     * members queued or running than there are workers, so members never fill the queue that single
     * submissions share; a refusal here is not counted as a rejected submission, since the feeder keeps the
     * member and offers it again when a job ends.
     *
     * @throws QueueFullException    if the queue is full (of single submissions); no job is created
     * @throws ShuttingDownException if the server is shutting down; no job is created
     */
    public Job.Snapshot submitMember(CompiledSpec spec, String study) {
        return enqueue(new Job(UUID.randomUUID().toString(), sequence.incrementAndGet(), spec, Instant.now(), study));
    }

    /** The number of worker threads: the most jobs that train at once. */
    public int workers() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Calls {@code listener} with the job's final snapshot whenever a job ends (on the thread that ended it:
     * a worker, a request thread that cancelled it, or shutdown). A listener must be quick and must not throw.
     */
    public void onEnded(Consumer<Job.Snapshot> listener) {
        endListeners.add(listener);
    }

    private Job.Snapshot enqueue(Job job) {
        boolean member = job.study() != null;
        door.readLock().lock();
        try {
            if (!accepting) {
                if (!member) {
                    metrics.rejected(JobMetrics.Rejection.SHUTTING_DOWN);
                }
                throw ShuttingDownException.retryAfter(properties.retryAfter());
            }
            try {
                executor.execute(new Work(this, job));
            } catch (RejectedExecutionException e) {
                if (!member) {
                    metrics.rejected(JobMetrics.Rejection.QUEUE_FULL);
                }
                throw QueueFullException.withCapacity(properties.queueCapacity(), properties.retryAfter());
            }
            // only now, so that a rejected job leaves no record
            store.add(job);
        } finally {
            door.readLock().unlock();
        }
        metrics.submitted();
        return job.snapshot();
    }

    /** @throws JobNotFoundException if no job has this id */
    public Job.Snapshot find(String id) {
        return require(id).snapshot();
    }

    /**
     * The job as soon as it ends, or as it is after {@code wait}, whichever comes first. No thread waits:
     * the future completes on the thread that ends the job, or on the JDK's timer thread.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public CompletableFuture<Job.Snapshot> await(String id, Duration wait) {
        Job job = require(id);
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(job.snapshot());
        }
        CompletableFuture<Job.Snapshot> ended = job.whenEnded();
        // a timeout completes the waiter with null: the job is still active, so answer with its state now
        return ended.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(snapshot -> {
                    job.forget(ended);
                    return snapshot != null ? snapshot : job.snapshot();
                });
    }

    /**
     * The recorded series from epoch {@code from} on.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public History history(String id, int from) {
        return require(id).history().since(from);
    }

    /**
     * The recorded series for epochs from {@code from} up to, not including, {@code to}.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public History history(String id, int from, int to) {
        return require(id).history().between(from, to);
    }

    /**
     * The job's experiment, from which its data can be made again exactly as it trained on them.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public Experiment experiment(String id) {
        return require(id).experiment();
    }

    /**
     * The job's final network and scaler, once training has ended; empty before, or when it never trained.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public Optional<Job.Trained> trained(String id) {
        return Optional.ofNullable(require(id).trained());
    }

    /**
     * The job's weights while it trains, copied at the end of an epoch on request ({@link LiveWeights#current});
     * they answer nothing before the job starts and after it ends (then see {@link #trained}).
     *
     * @throws JobNotFoundException if no job has this id
     */
    public LiveWeights liveWeights(String id) {
        return require(id).liveWeights();
    }

    /** A page of the jobs that pass {@code filter}, in {@code sort}'s order, after {@code after} (null: from the first). */
    public JobStore.Page list(JobStore.Filter filter, JobStore.Sort sort, int limit, JobStore.Position after) {
        return store.page(filter, sort, limit, after);
    }

    /**
     * Cancels a queued job (it will never start) or a running one (its worker stops before its next epoch).
     *
     * @throws JobNotFoundException         if no job has this id
     * @throws JobAlreadyFinishedException if the job has already ended
     */
    public Job.Snapshot cancel(String id) {
        Job job = require(id);
        if (!cancel(job, null)) {
            throw JobAlreadyFinishedException.forJob(job.snapshot());
        }
        return job.snapshot();
    }

    /**
     * Cancels the job if it is still active, then forgets it.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public void delete(String id) {
        Job job = require(id);
        cancel(job, null);
        store.remove(id);
    }

    private Job require(String id) {
        return store.find(id).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    private boolean cancel(Job job, JobError reason) {
        if (!job.cancel(Instant.now(), reason)) {
            return false;
        }
        // a queued job's task is dead weight in the queue; free its place now rather than when a worker skips it
        executor.remove(new Work(this, job));
        ended(job);
        return true;
    }

    private void ended(Job job) {
        store.ended(job);
        metrics.finished(job.status());
        if (!endListeners.isEmpty()) {
            Job.Snapshot snapshot = job.snapshot();
            for (Consumer<Job.Snapshot> listener : endListeners) {
                try {
                    listener.accept(snapshot);
                } catch (RuntimeException e) {
                    log.error("A listener failed on the end of job {}", job.id(), e);
                }
            }
        }
    }

    /** Runs on a worker thread. */
    private void run(Job job) {
        synchronized (busyWorkers) {
            busyWorkers[0]++;
        }
        try {
            train(job);
        } finally {
            synchronized (busyWorkers) {
                busyWorkers[0]--;
                busyWorkers.notifyAll();
            }
        }
    }

    private void train(Job job) {
        if (!job.start(Instant.now())) {
            return;   // cancelled while queued
        }
        metrics.workerStarted(job);
        long start = System.nanoTime();
        try {
            Trainer trainer = new Trainer(job.experiment(), compute);
            long deadline = start + properties.maxRuntime().toNanos();
            TrainingControl control = () -> job.stopRequested() || System.nanoTime() - deadline >= 0;
            TrainingListener listener = job.liveWeights().listen(trainer,
                    faults.wrap(job.history(), job.snapshot().name()));
            TrainingResult outcome = trainer.run(listener, control);
            job.keep(new Job.Trained(trainer.snapshot(), trainer.scaler()));
            finish(job, outcome, System.nanoTime() - start);
        } catch (Throwable e) {
            // an OutOfMemoryError of one oversized job is recoverable once its matrices are dropped; record it
            // like any other failure so that nothing is left RUNNING
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("Job {} failed unexpectedly (incident {})", job.id(), incident, e);
            if (job.finish(JobStatus.FAILED, null, JobError.internal(incident), Instant.now())) {
                ended(job);
            }
        } finally {
            // after the final weights and the result: a reader woken here finds them
            job.liveWeights().close();
            metrics.workerEnded(job, System.nanoTime() - start, job.history().epochs());
        }
    }

    private void finish(Job job, TrainingResult outcome, long nanos) {
        JobResult result = new JobResult(outcome.trainLoss(), outcome.testLoss(), outcome.trainAccuracy(),
                outcome.testAccuracy(), TimeUnit.NANOSECONDS.toMillis(nanos),
                JobResult.StopReason.of(outcome.stop()), outcome.epochsCompleted(), DiagnosticsResult.of(outcome.diagnostics()));
        boolean endedNow = switch (outcome.stop()) {
            // a stopping rule (training.earlyStopping, training.stopAtLoss) ended the run: a success
            case COMPLETED, EARLY_STOPPED, TARGET_REACHED ->
                    job.finish(JobStatus.SUCCEEDED, result, null, Instant.now());
            case DIVERGED -> job.finish(JobStatus.FAILED, result,
                    JobError.diverged(outcome.trainLoss(), outcome.failedEpoch(), outcome.failedLayer()),
                    Instant.now());
            // a cancel has already ended the job and only the result is attached; otherwise the clock ran out
            case STOPPED -> job.finish(JobStatus.FAILED, result,
                    JobError.timeout(describe(properties.maxRuntime()), outcome.epochsCompleted()), Instant.now());
        };
        if (endedNow) {
            ended(job);
        }
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    // --- lifecycle -------------------------------------------------------------------------------------

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** The highest phase stops first: before the web server's graceful shutdown and any other lifecycle. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @Override
    public void stop() {
        door.writeLock().lock();
        try {
            accepting = false;
        } finally {
            door.writeLock().unlock();
        }
        // empty the queue before stopping the running jobs, or a worker they free would start a queued one
        List<Runnable> neverStarted = new ArrayList<>();
        executor.getQueue().drainTo(neverStarted);
        int cancelled = 0;
        for (Job job : store.all()) {
            if (cancel(job, JobError.shutdown())) {
                cancelled++;
            }
        }
        log.info("Shutting down: cancelled {} active jobs; waiting up to {} for the workers",
                cancelled, describe(properties.shutdownTimeout()));
        if (!awaitIdleWorkers(properties.shutdownTimeout())) {
            log.warn("Workers still inside an epoch after {}; their jobs are already CANCELLED",
                    describe(properties.shutdownTimeout()));
        }
        logSummary();
    }

    /** Waits until no worker is inside {@link #run}; false if {@code timeout} passed first. */
    private boolean awaitIdleWorkers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (busyWorkers) {
            try {
                while (busyWorkers[0] > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(busyWorkers, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** One line per status, with the error codes behind FAILED and CANCELLED. */
    private void logSummary() {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        Map<JobStatus, Map<JobError.Code, Integer>> codes = new EnumMap<>(JobStatus.class);
        for (Job job : store.all()) {
            Job.Snapshot snapshot = job.snapshot();
            counts.merge(snapshot.status(), 1, Integer::sum);
            if (snapshot.error() != null) {
                codes.computeIfAbsent(snapshot.status(), s -> new EnumMap<>(JobError.Code.class))
                        .merge(snapshot.error().code(), 1, Integer::sum);
            }
        }
        for (JobStatus status : JobStatus.values()) {
            Map<JobError.Code, Integer> byCode = codes.get(status);
            log.info("Jobs at shutdown: {} {}{}", status, counts.getOrDefault(status, 0),
                    byCode == null ? "" : " " + byCode);
        }
    }

    /** The executor's task for one job; equal for the same job, so a queued task can be removed. */
    private record Work(JobService service, Job job) implements Runnable {
        @Override
        public void run() {
            service.run(job);
        }
    }
}
