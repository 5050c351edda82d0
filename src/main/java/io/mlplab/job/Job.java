package io.mlplab.job;

import io.mlplab.spec.CompiledSpec;
import io.mlplab.data.StandardScaler;
import io.mlplab.spec.JobSpec;
import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import io.mlplab.training.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One training job and the only place its state changes. Every transition takes the job's lock, checks
 * the current status and moves it forward (QUEUED → RUNNING → one terminal status), so concurrent cancels,
 * the worker and shutdown cannot race it backwards. Readers get immutable {@link Snapshot}s.
 *
 * <p>Cancelling a running job makes it CANCELLED at once and asks the worker to stop; the worker notices
 * before its next epoch and then attaches the last values reached as the job's result.
 */
public final class Job {

    private final String id;
    private final long sequence;
    private final JobSpec spec;
    private final Experiment experiment;
    private final Instant createdAt;
    /** The study this job is a member of; null for a job submitted on its own. */
    private final String study;
    private final JobHistory history;
    /** The network as training left it, with its scaler; set once by the worker when training ends. */
    private volatile Trained trained;
    /** The running network's weights, copied at the end of an epoch when a reader asks; the worker attaches it. */
    private final LiveWeights liveWeights = new LiveWeights();
    /** Read by the worker every epoch; set once, under the lock, by a cancel. */
    private volatile boolean stopRequested;

    private final Object lock = new Object();
    // guarded by lock
    private JobStatus status = JobStatus.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private JobResult result;
    private JobError error;
    private int version;
    private final List<CompletableFuture<Snapshot>> waiters = new ArrayList<>();

    /**
     * @param sequence orders jobs by creation; unique within a store
     * @param compiled the spec with every default filled in, and its experiment
     */
    Job(String id, long sequence, CompiledSpec compiled, Instant createdAt) {
        this(id, sequence, compiled, createdAt, null);
    }

    /** @param study the id of the study this job is a member of, or null */
    Job(String id, long sequence, CompiledSpec compiled, Instant createdAt, String study) {
        this.id = id;
        this.study = study;
        this.sequence = sequence;
        this.spec = compiled.spec();
        this.experiment = compiled.experiment();
        this.createdAt = createdAt;
        this.history = new JobHistory(experiment.training().epochs(), experiment.training().evaluateEvery(),
                experiment.model().weightLayers(), experiment.diagnostics().every());
    }

    public String id() {
        return id;
    }

    public long sequence() {
        return sequence;
    }

    /** The spec's name, or null. */
    public String name() {
        return spec.name();
    }

    /** The id of the study this job is a member of; null for a job submitted on its own. */
    public String study() {
        return study;
    }

    Experiment experiment() {
        return experiment;
    }

    JobHistory history() {
        return history;
    }

    /** The final network and its scaler, or null while training has not ended (or never ran). */
    public Trained trained() {
        return trained;
    }

    /** Keeps the network as training left it; the worker calls this before it finishes the job. */
    void keep(Trained model) {
        this.trained = model;
    }

    /** The weights of the run while the job trains (empty before and after: then see {@link #trained()}). */
    LiveWeights liveWeights() {
        return liveWeights;
    }

    /** Whether a cancel asked the worker to stop; read by the worker before every epoch. */
    boolean stopRequested() {
        return stopRequested;
    }

    public JobStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    /** QUEUED → RUNNING. False if the job is no longer queued (it was cancelled while waiting). */
    boolean start(Instant now) {
        synchronized (lock) {
            if (status != JobStatus.QUEUED) {
                return false;
            }
            status = JobStatus.RUNNING;
            startedAt = now;
            version++;
            return true;
        }
    }

    /**
     * QUEUED or RUNNING → CANCELLED, with {@code reason} as the error (null for a client's cancel). A running
     * job's worker is asked to stop. False if the job had already ended.
     */
    boolean cancel(Instant now, JobError reason) {
        List<CompletableFuture<Snapshot>> toComplete;
        Snapshot ended;
        synchronized (lock) {
            if (status.isTerminal()) {
                return false;
            }
            stopRequested = true;
            ended = endLocked(JobStatus.CANCELLED, null, reason, now);
            toComplete = drainWaitersLocked();
        }
        complete(toComplete, ended);
        return true;
    }

    /**
     * The worker's last word. A RUNNING job moves to {@code terminal} with {@code result} and {@code error};
     * a job cancelled meanwhile keeps its status and gets {@code result} as the last values reached. True if
     * this call ended the job.
     */
    boolean finish(JobStatus terminal, JobResult result, JobError error, Instant now) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("not a terminal status: " + terminal);
        }
        List<CompletableFuture<Snapshot>> toComplete;
        Snapshot ended;
        synchronized (lock) {
            if (status.isTerminal()) {
                if (this.result == null && result != null) {
                    this.result = result;
                    version++;
                }
                return false;
            }
            if (status != JobStatus.RUNNING) {
                throw new IllegalStateException("job " + id + " finished while " + status);
            }
            ended = endLocked(terminal, result, error, now);
            toComplete = drainWaitersLocked();
        }
        complete(toComplete, ended);
        return true;
    }

    /**
     * A future completed with the job's snapshot when it ends, or already completed if it has. Call
     * {@link #forget} when no longer interested, so an abandoned wait leaves nothing behind.
     */
    CompletableFuture<Snapshot> whenEnded() {
        synchronized (lock) {
            if (status.isTerminal()) {
                return CompletableFuture.completedFuture(snapshotLocked());
            }
            CompletableFuture<Snapshot> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    void forget(CompletableFuture<Snapshot> waiter) {
        synchronized (lock) {
            waiters.remove(waiter);
        }
    }

    public Snapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private Snapshot endLocked(JobStatus terminal, JobResult result, JobError error, Instant now) {
        status = terminal;
        finishedAt = now;
        this.result = result;
        this.error = error;
        version++;
        return snapshotLocked();
    }

    private List<CompletableFuture<Snapshot>> drainWaitersLocked() {
        List<CompletableFuture<Snapshot>> drained = List.copyOf(waiters);
        waiters.clear();
        return drained;
    }

    /** Outside the lock: a waiter's continuation may run here and take it again. */
    private static void complete(List<CompletableFuture<Snapshot>> waiters, Snapshot snapshot) {
        for (CompletableFuture<Snapshot> waiter : waiters) {
            waiter.complete(snapshot);
        }
    }

    private Snapshot snapshotLocked() {
        return new Snapshot(id, sequence, spec, status, history.epochs(), spec.training().epochs(), createdAt,
                startedAt, finishedAt, result, error, version, study);
    }

    /**
     * The job at one moment; immutable.
     *
     * @param epoch   epochs whose loss has been recorded
     * @param epochs  epochs the job will run if nothing stops it
     * @param version counts the job's transitions; with {@code epoch} it identifies this state
     * @param study   the id of the study the job is a member of, or null
     */
    public record Snapshot(String id, long sequence, JobSpec spec, JobStatus status, int epoch, int epochs,
                           Instant createdAt, Instant startedAt, Instant finishedAt, JobResult result,
                           JobError error, long version, String study) {

        /** A strong entity tag that changes whenever anything in the job's representation does. */
        public String etag() {
            return "\"" + version + "." + epoch + "\"";
        }

        public String name() {
            return spec.name();
        }
    }

    /**
     * What a job keeps of its training: the final weights (those of its last complete update) and the scaler its
     * inputs went through.
     *
     * @param network the trained network, independent of the trainer
     * @param scaler  raw features map to {@code (x - mean) / scale} before the network sees them
     */
    public record Trained(Network.Snapshot network, StandardScaler.Fit scaler) {
    }
}
