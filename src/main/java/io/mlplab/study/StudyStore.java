package io.mlplab.study;

import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.CompiledSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleToIntFunction;

/**
 * Where studies live, and the one place their state changes: which members wait, which job each became, how
 * each ended. Two stores keep the same contract ({@code StudyStoreContract} runs on both): in memory, the
 * default, where a study lives as long as its server; and in PostgreSQL ({@code mlp.store.type=postgres}),
 * where it outlives its server and every replica sees and feeds the same studies.
 *
 * <p>{@link StudyService} drives a store: it decides which member becomes a job when, and makes the jobs;
 * the store makes each step atomic, and on PostgreSQL exactly once across the replicas.
 */
public interface StudyStore {

    /** Adds a study just accepted, every member waiting, stamped with its id, sequence and creation time. */
    Study.Snapshot add(StudyPlan plan);

    Optional<Study.Snapshot> find(String id);

    /** Newest first: at most {@code limit} studies created before {@code before} (all if null), and the next cursor. */
    Page page(int limit, Long before);

    /** A page of studies and the cursor of the next, or null on the last. */
    record Page(List<Study.Snapshot> studies, Long next) {
    }

    /**
     * The next member to become a job, while fewer than {@code workers} members of all studies are queued or
     * running (on PostgreSQL: of the whole cluster, against the workers of every live replica, {@code workers}
     * being this one's); studies take turns, member by member. The claim holds the store's lock on feeding
     * until it is closed, so each member is claimed once: call {@link Claim#started}, {@link Claim#putBack} or
     * {@link Claim#failed}, then close it.
     *
     * @return null if no member waits, or enough are in flight
     */
    Claim claim(int workers);

    /** A waiting member, held until {@link #close}. */
    interface Claim extends AutoCloseable {

        String study();

        /**
         * The member's compiled spec.
         *
         * @throws io.mlplab.web.InvalidSpecException if the spec, kept as JSON, no longer passes this server's
         *                                            limits (they were lowered since the study was accepted)
         */
        CompiledSpec spec();

        /** The member is now the job {@code job}: it counts as in flight, and its study goes to the back of the turns. */
        void started(String job);

        /** The member could not be handed over now: it waits again, at the front. */
        void putBack();

        /** The member's spec no longer compiles: it ends FAILED without a job; the snapshot if that ended the study. */
        Study.Snapshot failed();

        /** Releases the lock on feeding (on PostgreSQL, commits what the claim recorded). */
        @Override
        void close();
    }

    /**
     * Records how the member whose job is {@code job} ended, if it is an active member of {@code study}; from
     * now on it no longer counts as in flight. A call for a member that has ended already does nothing, so
     * every replica may report every end. {@code epochsToTarget} gets the study's target loss and is asked only
     * for a member still active.
     *
     * @return the study's snapshot if this ended it, else null
     */
    Study.Snapshot ended(String study, String job, JobStatus status, JobResult result,
                         DoubleToIntFunction epochsToTarget);

    /**
     * Cancels the study: its waiting members end CANCELLED without ever becoming jobs.
     *
     * @return the jobs of members still active, for the caller to cancel, then {@link #settle}; null if the
     *         study had already ended
     * @throws StudyNotFoundException if no study has this id
     */
    List<String> cancel(String id);

    /** Ends the study if a cancel left nothing active; the snapshot if this call ended it, else null. */
    Study.Snapshot settle(String id);

    /** Forgets a study; its last snapshot, whose jobs the caller deletes, or empty if it was not there. */
    Optional<Study.Snapshot> remove(String id);

    /** Forgets the studies that ended before the newest {@code retained} ended ones; their last snapshots. */
    List<Study.Snapshot> evict(int retained);

    /**
     * The study as soon as it ends, or as it is after {@code wait}; no thread waits meanwhile.
     *
     * @throws StudyNotFoundException if no study has this id
     */
    CompletableFuture<Study.Snapshot> await(String id, Duration wait);

    /** Studies that have not ended. */
    long active();

    /** Members not yet handed to the executor, of studies not cancelled. */
    long waiting();

    /** Members queued or running. */
    long inFlight();

    /**
     * Whether other servers see these studies too (replicas, or this one after a restart): then a study
     * outlives its server, so it is not cancelled when this one stops, and {@link StudyService#sweep} must run
     * now and then to finish what a replica that died left undone.
     */
    boolean shared();

    /** Every member in flight, for the sweep to check its job. */
    List<InFlight> inFlightJobs();

    /**
     * A member in flight.
     *
     * @param cancelled whether its study was cancelled, so the job should be too
     */
    record InFlight(String study, String job, boolean cancelled) {
    }

    /** Studies that have not ended though every member has: a cancel was interrupted before {@link #settle}. */
    List<String> unsettled();
}
