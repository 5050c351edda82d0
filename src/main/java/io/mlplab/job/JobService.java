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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Submits, finds, cancels and forgets training jobs, and runs them on the job executor's workers. Request
 * threads only validate, enqueue and read snapshots; a worker thread builds the {@link Trainer} and trains.
 * Every state change goes through the {@link JobStore}.
 *
 * <p>With the in-memory store the queue is the executor's own bounded queue: a submission is a task, and a
 * full queue is a 429. With a {@linkplain JobStore.Shared shared store} (several replicas on one PostgreSQL)
 * the queue is the database's: each of the executor's threads loops, claiming the oldest queued job of the
 * whole cluster and training it, and sleeps while there is none until the store says a job was queued; a
 * submission is a row, refused with 429 when the cluster already has {@code mlp.jobs.queue-capacity} single
 * jobs queued.
 *
 * <p>As a {@link SmartLifecycle} in the first phase to stop, the service shuts down before the web server
 * finishes its graceful shutdown and before the executor bean is destroyed: it refuses new jobs (503), then
 * in memory cancels every queued and running job with error code SHUTDOWN, and with a shared store puts its
 * running jobs back in the queue for the other replicas (queued jobs stay queued); it waits for the workers
 * to go idle and logs how every job it knows ended. It leaves the executor running, so a stopped service can
 * start again (the test framework pauses and resumes contexts); the executor bean shuts down with the context.
 */
@Service
public class JobService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    /** How long an idle worker of a shared store sleeps before it looks at the queue again unasked. */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final JobStore store;
    /** The same store when it is shared by several replicas; null in memory. */
    private final JobStore.Shared shared;
    private final ThreadPoolExecutor executor;
    private final JobsProperties properties;
    private final JobMetrics metrics;
    private final Compute compute;
    /** Off unless mlp.faults.enabled: for the reliability battery and the tests */
    private final FaultInjection faults;
    /** Submissions hold the read lock while they enqueue; shutdown takes the write lock to close the door. */
    private final ReadWriteLock door = new ReentrantReadWriteLock();
    private volatile boolean accepting;
    /** Workers inside {@link #run}; guarded by itself, signalled when it drops. */
    private final int[] busyWorkers = new int[1];
    private final List<Consumer<Job.Snapshot>> endListeners = new CopyOnWriteArrayList<>();

    // --- shared store only
    /** Whether the claim loops go on; they end when it is cleared and the workers are woken. */
    private volatile boolean claiming;
    /** Claim loops running on the executor; guarded by {@link #wake}. */
    private int loops;
    /** Counts the store's "a job was queued"; an idle loop sleeps only while it has not moved. */
    private long wakeups;
    private final Object wake = new Object();
    private boolean listening;
    /** This replica's running jobs, to stop when they are cancelled elsewhere or their lease is lost. */
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    JobService(JobStore store, ThreadPoolExecutor jobExecutor, JobsProperties properties, JobMetrics metrics,
               Compute compute) {
        this(store, jobExecutor, properties, metrics, compute, new FaultInjection(false));
    }

    @Autowired
    JobService(JobStore store, ThreadPoolExecutor jobExecutor, JobsProperties properties, JobMetrics metrics,
               Compute compute, FaultInjection faults) {
        this.faults = faults;
        this.store = store;
        this.shared = store instanceof JobStore.Shared s ? s : null;
        this.executor = jobExecutor;
        this.properties = properties;
        this.metrics = metrics;
        this.compute = compute;
        if (shared != null) {
            metrics.countQueued(shared::queued);
        }
    }

    /**
     * Queues a job for a spec the {@linkplain io.mlplab.spec.SpecCompiler compiler} accepted.
     *
     * @throws QueueFullException    if the queue is full; no job is created
     * @throws ShuttingDownException if the server is shutting down; no job is created
     */
    public Job.Snapshot submit(CompiledSpec spec) {
        return enqueue(spec, null);
    }

    /**
     * Queues a member of the study {@code study}. The study's feeder calls this only while it has fewer
     * members queued or running than there are workers, so members never fill the queue that single
     * submissions share; a refusal here is not counted as a rejected submission, since the feeder keeps the
     * member and offers it again when a job ends. With a shared store members do not count against the
     * queue's capacity and are never refused for it.
     *
     * @throws QueueFullException    if the queue is full (of single submissions); no job is created
     * @throws ShuttingDownException if the server is shutting down; no job is created
     */
    public Job.Snapshot submitMember(CompiledSpec spec, String study) {
        return enqueue(spec, study);
    }

    /** The number of worker threads of this process: the most jobs that train here at once. */
    public int workers() {
        return executor.getMaximumPoolSize();
    }

    /**
     * Calls {@code listener} with the job's final snapshot whenever a job ends. A listener must be quick and
     * must not throw.
     *
     * <ul>
     *   <li>In memory: exactly once per job, on the thread that ended it (a worker, before it takes its next
     *       job; a request thread that cancelled it; or shutdown).</li>
     *   <li>With a shared store: on every replica, for every job that ends on any replica, with the job as the
     *       database has it after the end. On the replica that ended it, as in memory, on the thread that ended
     *       it (its worker, the request thread of a cancel, shutdown, or the store's lease thread for a job
     *       that failed with WORKER_LOST), once. On every other replica, on the store's single event thread
     *       when the database's notification arrives (so never on a worker or request thread there): once
     *       while the replica's connection for notifications holds; after that connection was lost and made
     *       again, the replica reads the jobs that ended meanwhile and calls the listeners for them, which may
     *       repeat an end it had heard (at least once, never missed while the replica runs). A job deleted
     *       before a replica read it is not delivered there; ends from before a replica started never are.</li>
     * </ul>
     */
    public void onEnded(Consumer<Job.Snapshot> listener) {
        endListeners.add(listener);
    }

    private Job.Snapshot enqueue(CompiledSpec spec, String study) {
        boolean member = study != null;
        door.readLock().lock();
        try {
            if (!accepting) {
                if (!member) {
                    metrics.rejected(JobMetrics.Rejection.SHUTTING_DOWN);
                }
                throw ShuttingDownException.retryAfter(properties.retryAfter());
            }
            // a database keeps microseconds: the answer shows the instant every replica will show
            Instant now = shared == null ? Instant.now() : Instant.now().truncatedTo(ChronoUnit.MICROS);
            Job job = new Job(UUID.randomUUID().toString(), store.nextSequence(), spec, now, study);
            if (shared == null) {
                try {
                    executor.execute(new Work(this, job));
                } catch (RejectedExecutionException e) {
                    throw queueFull(member);
                }
                // only now, so that a rejected job leaves no record
                store.add(job);
            } else if (member) {
                store.add(job);
            } else if (!shared.admit(job, properties.queueCapacity())) {
                throw queueFull(false);
            }
            metrics.submitted();
            return job.snapshot();
        } finally {
            door.readLock().unlock();
        }
    }

    private QueueFullException queueFull(boolean member) {
        if (!member) {
            metrics.rejected(JobMetrics.Rejection.QUEUE_FULL);
        }
        return QueueFullException.withCapacity(properties.queueCapacity(), properties.retryAfter());
    }

    /** @throws JobNotFoundException if no job has this id */
    public Job.Snapshot find(String id) {
        return store.find(id).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    /**
     * The job as soon as it ends, or as it is after {@code wait}, whichever comes first. No thread waits:
     * the future completes on the thread that ends the job (with a shared store, the store's event thread,
     * whichever replica ended it), or on the JDK's timer thread.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public CompletableFuture<Job.Snapshot> await(String id, Duration wait) {
        Job.Snapshot now = find(id);
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Job.Snapshot> ended = store.whenEnded(id).orElseThrow(() -> JobNotFoundException.forId(id));
        // a timeout completes the waiter with null: the job is still active, so answer with its state now (or,
        // deleted meanwhile on another replica, with the last state known)
        return ended.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(snapshot -> {
                    store.forget(id, ended);
                    return snapshot != null ? snapshot : store.find(id).orElse(now);
                });
    }

    /**
     * The recorded series from epoch {@code from} on.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public History history(String id, int from) {
        return history(id, from, Integer.MAX_VALUE);
    }

    /**
     * The recorded series for epochs from {@code from} up to, not including, {@code to}.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public History history(String id, int from, int to) {
        return store.history(id, from, to).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    /**
     * The job's experiment, from which its data can be made again exactly as it trained on them.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public Experiment experiment(String id) {
        return store.experiment(id).orElseThrow(() -> JobNotFoundException.forId(id));
    }

    /**
     * The job's final network and scaler, once training has ended; empty before, or when it never trained.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public Optional<Job.Trained> trained(String id) {
        find(id);
        return store.trained(id);
    }

    /**
     * The job's weights while it trains, copied at the end of an epoch on request ({@link LiveWeights#current});
     * they answer nothing before the job starts and after it ends (then see {@link #trained}), and, with a
     * shared store, on every replica but the one whose worker trains it.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public LiveWeights liveWeights(String id) {
        find(id);
        // a job that trains on another replica, or not at all: weights that answer nothing
        return store.liveWeights(id).orElseGet(LiveWeights::new);
    }

    /** A page of the jobs that pass {@code filter}, in {@code sort}'s order, after {@code after} (null: from the first). */
    public JobStore.Page list(JobStore.Filter filter, JobStore.Sort sort, int limit, JobStore.Position after) {
        return store.page(filter, sort, limit, after);
    }

    /**
     * Cancels a queued job (it will never start) or a running one (its worker stops before its next epoch,
     * on whichever replica it runs).
     *
     * @throws JobNotFoundException         if no job has this id
     * @throws JobAlreadyFinishedException if the job has already ended
     */
    public Job.Snapshot cancel(String id) {
        JobStore.Change change = cancel(id, null).orElseThrow(() -> JobNotFoundException.forId(id));
        if (!change.changed()) {
            throw JobAlreadyFinishedException.forJob(change.job());
        }
        return change.job();
    }

    /**
     * Cancels the job if it is still active, then forgets it.
     *
     * @throws JobNotFoundException if no job has this id
     */
    public void delete(String id) {
        cancel(id, null).orElseThrow(() -> JobNotFoundException.forId(id));
        store.remove(id);
    }

    private Optional<JobStore.Change> cancel(String id, JobError reason) {
        Optional<JobStore.Change> change = store.cancel(id, reason, Instant.now());
        if (change.isPresent() && change.get().changed()) {
            // a queued job's task is dead weight in the queue; free its place now rather than when a worker skips it
            executor.remove(new Work(this, id));
            Job local = running.get(id);
            if (local != null) {
                local.cancel(Instant.now(), reason);   // stop this replica's worker now, not at the notification
            }
            ended(change.get().job());
        }
        return change;
    }

    /** A job has just ended here, on this thread: count it and tell the listeners. */
    private void ended(Job.Snapshot job) {
        metrics.finished(job.status());
        tellListeners(job);
    }

    private void tellListeners(Job.Snapshot job) {
        for (Consumer<Job.Snapshot> listener : endListeners) {
            try {
                listener.accept(job);
            } catch (RuntimeException e) {
                log.error("A listener failed on the end of job {}", job.id(), e);
            }
        }
    }

    /** Runs on a worker thread: {@code job} is RUNNING already. */
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
        metrics.workerStarted(job);
        long start = System.nanoTime();
        try {
            Trainer trainer = new Trainer(job.experiment(), compute);
            long deadline = start + properties.maxRuntime().toNanos();
            TrainingControl control = () -> job.stopRequested() || System.nanoTime() - deadline >= 0;
            TrainingListener listener = job.liveWeights().listen(trainer,
                    faults.wrap(job.history(), job.snapshot().name()));
            TrainingResult outcome = trainer.run(listener, control);
            finish(job, outcome, new Job.Trained(trainer.snapshot(), trainer.scaler()), System.nanoTime() - start);
        } catch (Throwable e) {
            // an OutOfMemoryError of one oversized job is recoverable once its matrices are dropped; record it
            // like any other failure so that nothing is left RUNNING
            String incident = UUID.randomUUID().toString().substring(0, 8);
            log.error("Job {} failed unexpectedly (incident {})", job.id(), incident, e);
            if (store.finish(job, JobStatus.FAILED, null, JobError.internal(incident), null, Instant.now())) {
                endedHere(job, JobStatus.FAILED);
            }
        } finally {
            // after the final weights and the result: a reader woken here finds them
            job.liveWeights().close();
            metrics.workerEnded(job, System.nanoTime() - start, job.history().epochs());
        }
    }

    private void finish(Job job, TrainingResult outcome, Job.Trained trained, long nanos) {
        JobResult result = new JobResult(outcome.trainLoss(), outcome.testLoss(), outcome.trainAccuracy(),
                outcome.testAccuracy(), TimeUnit.NANOSECONDS.toMillis(nanos),
                JobResult.StopReason.of(outcome.stop()), outcome.epochsCompleted(), DiagnosticsResult.of(outcome.diagnostics()));
        JobStatus terminal = switch (outcome.stop()) {
            // a stopping rule (training.earlyStopping, training.stopAtLoss) ended the run: a success
            case COMPLETED, EARLY_STOPPED, TARGET_REACHED -> JobStatus.SUCCEEDED;
            // a cancel has already ended the job and only the result is attached; otherwise the clock ran out
            case DIVERGED, STOPPED -> JobStatus.FAILED;
        };
        JobError error = switch (outcome.stop()) {
            case COMPLETED, EARLY_STOPPED, TARGET_REACHED -> null;
            case DIVERGED -> JobError.diverged(outcome.trainLoss(), outcome.failedEpoch(), outcome.failedLayer());
            case STOPPED -> JobError.timeout(describe(properties.maxRuntime()), outcome.epochsCompleted());
        };
        if (store.finish(job, terminal, result, error, trained, Instant.now())) {
            endedHere(job, terminal);
        }
    }

    /** The worker's finish ended the job as {@code status}. */
    private void endedHere(Job job, JobStatus status) {
        metrics.finished(status);
        if (shared == null) {
            tellListeners(job.snapshot());
        } else {
            // the worker's own job object does not follow the database: its end is the stored one
            store.find(job.id()).ifPresent(this::tellListeners);
        }
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    // --- a shared store's claim loops and events ------------------------------------------------------

    /** One worker of a shared store: claims the cluster's oldest queued job, trains it, and again. */
    private void claimLoop() {
        String worker = Thread.currentThread().getName();
        try {
            while (claiming) {
                long seen;
                synchronized (wake) {
                    seen = wakeups;
                }
                Optional<Job> claimed;
                try {
                    claimed = shared.claim(worker);
                } catch (RuntimeException e) {
                    log.warn("Could not claim a job: {}", e.toString());
                    claimed = Optional.empty();
                }
                if (claimed.isEmpty()) {
                    sleepUntilQueued(seen);
                    continue;
                }
                Job job = claimed.get();
                if (!claiming) {
                    shared.release();   // shutdown began while this claim was on its way: hand it back
                    break;
                }
                job.start(Instant.now());
                running.put(job.id(), job);
                try {
                    run(job);
                } catch (RuntimeException e) {
                    // the store could not record the end (the database is gone): the lease runs out, and
                    // another replica runs the job again
                    log.warn("Could not record the end of job {}: {}", job.id(), e.toString());
                } finally {
                    running.remove(job.id());
                }
            }
        } finally {
            synchronized (wake) {
                loops--;
                wake.notifyAll();
            }
        }
    }

    private void sleepUntilQueued(long seen) {
        synchronized (wake) {
            try {
                if (claiming && wakeups == seen) {
                    wake.wait(IDLE_POLL.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                claiming = false;
            }
        }
    }

    private void wakeWorkers() {
        synchronized (wake) {
            wakeups++;
            wake.notifyAll();
        }
    }

    /** What this replica does when the shared store tells it something; all on the store's event thread. */
    private final JobStore.Events events = new JobStore.Events() {
        @Override
        public void queued() {
            wakeWorkers();
        }

        @Override
        public void ended(Job.Snapshot job) {
            stopLocal(job.id());
            tellListeners(job);
        }

        @Override
        public void lost(String job) {
            log.warn("Job {} is no longer this replica's (its lease ran out); its worker stops", job);
            stopLocal(job);
        }

        @Override
        public void failed(Job.Snapshot job) {
            log.warn("Job {} failed: {}", job.id(), job.error() == null ? "" : job.error().message());
            JobService.this.ended(job);   // counted and told here, where it ended
        }
    };

    /** Asks this replica's worker of {@code id}, if it has one, to stop; what it writes after is refused. */
    private void stopLocal(String id) {
        Job job = running.get(id);
        if (job != null) {
            job.cancel(Instant.now(), null);
        }
    }

    // --- lifecycle -------------------------------------------------------------------------------------

    @Override
    public void start() {
        accepting = true;
        if (shared == null) {
            return;
        }
        synchronized (wake) {
            claiming = true;
            for (; loops < workers(); loops++) {
                executor.execute(this::claimLoop);
            }
            if (!listening) {
                listening = true;
                shared.listen(events);
            }
        }
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
        if (shared != null) {
            stopClaiming();
        } else {
            cancelEverything();
        }
        if (!awaitIdleWorkers(properties.shutdownTimeout())) {
            log.warn("Workers still inside an epoch after {}; their jobs are already {}",
                    describe(properties.shutdownTimeout()), shared == null ? "CANCELLED" : "back in the queue");
        }
        logSummary();
    }

    /** In memory: every queued and running job ends CANCELLED with SHUTDOWN. */
    private void cancelEverything() {
        // empty the queue before stopping the running jobs, or a worker they free would start a queued one
        List<Runnable> neverStarted = new ArrayList<>();
        executor.getQueue().drainTo(neverStarted);
        int cancelled = 0;
        for (String id : store.active()) {
            if (cancel(id, JobError.shutdown()).map(JobStore.Change::changed).orElse(false)) {
                cancelled++;
            }
        }
        log.info("Shutting down: cancelled {} active jobs; waiting up to {} for the workers",
                cancelled, describe(properties.shutdownTimeout()));
    }

    /**
     * With a shared store: no more claims, and this replica's running jobs go back in the queue (before their
     * workers stop, so that they can start elsewhere at once); queued jobs stay queued for the other replicas.
     */
    private void stopClaiming() {
        synchronized (wake) {
            claiming = false;
            wake.notifyAll();
        }
        int released;
        try {
            released = shared.release();
        } catch (RuntimeException e) {
            released = 0;
            log.warn("Could not put this replica's running jobs back in the queue ({}); their leases run out "
                    + "and another replica runs them again", e.toString());
        }
        for (Job job : running.values()) {
            job.cancel(Instant.now(), JobError.shutdown());   // stops the worker; the database has it queued
        }
        log.info("Shutting down: put {} running jobs back in the queue for the other replicas; waiting up to {} "
                + "for the workers", released, describe(properties.shutdownTimeout()));
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

    /** One line per status, with the error codes behind FAILED and CANCELLED (the whole cluster's, if shared). */
    private void logSummary() {
        List<JobStore.Count> all;
        try {
            all = store.counts();
        } catch (RuntimeException e) {
            log.warn("Could not count the jobs at shutdown: {}", e.toString());
            return;
        }
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        Map<JobStatus, Map<JobError.Code, Integer>> codes = new EnumMap<>(JobStatus.class);
        for (JobStore.Count count : all) {
            counts.merge(count.status(), count.jobs(), Integer::sum);
            if (count.code() != null) {
                codes.computeIfAbsent(count.status(), s -> new EnumMap<>(JobError.Code.class))
                        .merge(count.code(), count.jobs(), Integer::sum);
            }
        }
        for (JobStatus status : JobStatus.values()) {
            Map<JobError.Code, Integer> byCode = codes.get(status);
            log.info("Jobs at shutdown{}: {} {}{}", shared == null ? "" : " (every replica's)", status,
                    counts.getOrDefault(status, 0), byCode == null ? "" : " " + byCode);
        }
    }

    /**
     * The executor's task for one job in memory; equal for the same job id, so a queued task can be removed
     * with the id alone.
     */
    private static final class Work implements Runnable {
        private final JobService service;
        private final String id;
        private final Job job;

        Work(JobService service, Job job) {
            this.service = service;
            this.id = job.id();
            this.job = job;
        }

        /** A key that finds the task of job {@code id} in the queue. */
        Work(JobService service, String id) {
            this.service = service;
            this.id = id;
            this.job = null;
        }

        @Override
        public void run() {
            if (service.store.start(job, Instant.now())) {   // false: cancelled while queued
                service.run(job);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Work work && work.service == service && work.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }
}
