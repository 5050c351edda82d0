package io.mlplab.job;

import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where jobs live and the one place their state changes: records, transitions, histories and trained
 * networks. Two stores keep this contract (one contract test suite runs against both): the in-memory store,
 * over the live {@link Job} objects of this process, and the PostgreSQL store, which several replicas share
 * ({@link Shared}). Readers get immutable values: snapshots, copies of history rows, trained networks.
 *
 * <p>A store keeps at most a configured number of finished jobs, forgetting the one that finished first; it
 * never forgets an active (queued or running) job, nor a member of a study: those go when their study is
 * deleted or forgotten, which deletes them.
 */
public interface JobStore {

    /** The next job's place in creation order: unique, and larger than every earlier one, in the whole store. */
    long nextSequence();

    /** Records a job that has just been accepted, QUEUED (in memory it may already have ended). */
    void add(Job job);

    Optional<Job.Snapshot> find(String id);

    /**
     * A copy of the rows recorded for epochs from {@code from} up to, not including, {@code to}; empty if no
     * job has this id. While a job runs, the rows of every epoch below its snapshot's {@code epoch} minus one
     * are complete (an epoch's evaluation and diagnostics come after its loss); once it has ended, all are.
     */
    Optional<History> history(String id, int from, int to);

    /** The final network and scaler of a job whose training has ended; empty before, or if it never trained. */
    Optional<Job.Trained> trained(String id);

    /**
     * The weights of the job's run while a worker of this process trains it; empty if no job has this id or if
     * it trains elsewhere (another replica of a shared store).
     */
    Optional<LiveWeights> liveWeights(String id);

    /** The job's experiment, from which its data can be made again; empty if no job has this id. */
    Optional<Experiment> experiment(String id);

    /** Forgets a job with its history and network; false if it was not there. */
    boolean remove(String id);

    /**
     * At most {@code limit} jobs that pass {@code filter}, in {@code sort}'s order, starting after
     * {@code after} (the last job of the previous page; null for the first page), and where the next page
     * starts, or null if this was the last.
     */
    Page page(Filter filter, Sort sort, int limit, Position after);

    /** The ids of the jobs still QUEUED or RUNNING. */
    List<String> active();

    /** How many jobs there are of each status and error code (code null: none). */
    List<Count> counts();

    /**
     * QUEUED → RUNNING: the job has been handed to a worker of this process. False if it is no longer
     * queued (cancelled while waiting).
     */
    boolean start(Job job, Instant now);

    /**
     * QUEUED or RUNNING → CANCELLED, with {@code reason} as the error (null for a client's cancel); the
     * worker of a running job is asked to stop. Empty if no job has this id.
     */
    Optional<Change> cancel(String id, JobError reason, Instant now);

    /**
     * The worker's last word on a job it started. A RUNNING job moves to {@code terminal} with {@code result}
     * and {@code error}, and keeps {@code trained} (may be null) and its history; a job cancelled meanwhile
     * keeps its status and gets {@code result} as the last values reached. True if this call ended the job.
     */
    boolean finish(Job job, JobStatus terminal, JobResult result, JobError error, Job.Trained trained, Instant now);

    /**
     * A future completed with the job's snapshot when it ends, already completed if it has; empty if no job
     * has this id. Call {@link #forget} when no longer interested, so an abandoned wait leaves nothing behind.
     */
    Optional<CompletableFuture<Job.Snapshot>> whenEnded(String id);

    void forget(String id, CompletableFuture<Job.Snapshot> waiter);

    /** A page of a listing; {@code next} is the position of its last job, null on the last page. */
    record Page(List<Job.Snapshot> jobs, Position next) {
    }

    /** The job after a transition, and whether the call made it. */
    record Change(Job.Snapshot job, boolean changed) {
    }

    /** {@code jobs} jobs have {@code status} and error {@code code} (null: none). */
    record Count(JobStatus status, JobError.Code code, int jobs) {
    }

    /**
     * Which jobs a listing shows; a null criterion lets every job through.
     *
     * @param status     only jobs with this status
     * @param namePrefix only jobs whose name starts with this (case-sensitive); unnamed jobs never match
     * @param study      only the members of this study
     */
    record Filter(JobStatus status, String namePrefix, String study) {

        public static final Filter ALL = new Filter(null, null, null);

        /** Any study's jobs and single ones. */
        public Filter(JobStatus status, String namePrefix) {
            this(status, namePrefix, null);
        }

        boolean test(Job job) {
            if (status != null && job.status() != status) {
                return false;
            }
            if (study != null && !study.equals(job.study())) {
                return false;
            }
            if (namePrefix != null) {
                String name = job.name();
                return name != null && name.startsWith(namePrefix);
            }
            return true;
        }
    }

    /** A listing's order. */
    enum Sort {
        /** Newest first. */
        CREATED,
        /** Highest test accuracy first, ties newest first; jobs without a result (yet) last, newest first. */
        TEST_ACCURACY;

        /** Orders positions: the comparator of this sort, first position first. */
        public Comparator<Position> order() {
            Comparator<Position> newestFirst = Comparator.comparingLong(Position::sequence).reversed();
            if (this == CREATED) {
                return newestFirst;
            }
            return Comparator.comparing((Position p) -> Double.isNaN(p.testAccuracy()))
                    .thenComparing(Position::testAccuracy, Comparator.reverseOrder())
                    .thenComparing(newestFirst);
        }
    }

    /**
     * Where a job stands in a listing: its sequence and, for {@link Sort#TEST_ACCURACY}, its test accuracy
     * (NaN while it has none).
     */
    record Position(long sequence, double testAccuracy) {

        public static Position of(Job.Snapshot job) {
            JobResult result = job.result();
            return new Position(job.sequence(), result == null ? Double.NaN : result.testAccuracy());
        }
    }

    /**
     * A store that several replicas share: its table is the queue, a running job is its worker's only while
     * the worker's lease lasts, and every replica hears of what happens on the others (jobs queued, ended,
     * leases lost). One instance per replica: it remembers the jobs this replica's workers hold.
     */
    interface Shared extends JobStore {

        /**
         * Records a job submitted on its own, unless {@code capacity} such jobs (study members do not count)
         * are already queued in the whole cluster. False if the queue is full; nothing was recorded.
         */
        boolean admit(Job job, int capacity);

        /**
         * The oldest queued job, now RUNNING for {@code worker} under a fresh lease; empty if none is queued.
         * Concurrent claims on any replica never get the same job.
         */
        Optional<Job> claim(String worker);

        /**
         * Puts this replica's running jobs back in the queue, their partial histories dropped, for the other
         * replicas to start again: a replica that shuts down gracefully loses nobody's work. Its workers' later
         * writes for them are refused. Returns how many jobs it put back.
         */
        int release();

        /** Jobs queued in the whole cluster, study members included. */
        int queued();

        /**
         * Starts telling {@code events} what happens in the cluster; until then nothing is delivered. Every
         * call comes on the store's single event thread.
         */
        void listen(Events events);
    }

    /** What a replica hears from the shared store. */
    interface Events {

        /** A job was queued, or put back in the queue: wake the idle workers. */
        void queued();

        /**
         * A job ended on another replica (its snapshot as read after the end). The ends this replica makes
         * itself, through this store, are not repeated here: its service has told its listeners already.
         */
        void ended(Job.Snapshot job);

        /**
         * This replica's worker no longer holds {@code job}: its lease ran out (the job may be someone else's
         * now). The worker should stop; nothing more it writes for the job is kept.
         */
        void lost(String job);

        /** This replica's reaper ended a job FAILED (WORKER_LOST), on the store's lease thread. */
        void failed(Job.Snapshot job);
    }
}
