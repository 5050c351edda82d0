package io.mlplab.study;

import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One study held by the {@link InMemoryStudyStore}, and the only place its state changes, under its own lock:
 * which members wait to be handed to the executor, which job each member became, how each ended. Status moves
 * forward only (QUEUED → RUNNING → one terminal status). Readers get immutable {@link Snapshot}s, the form in
 * which every {@link StudyStore} gives a study.
 */
public final class Study {

    private final String id;
    private final long sequence;
    private final StudyPlan plan;
    private final Instant createdAt;

    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private final String[] jobs;
    private final Outcome[] outcomes;
    private final Map<String, Integer> memberOfJob = new HashMap<>();
    private int ended;
    private boolean cancelled;
    private StudyStatus status = StudyStatus.QUEUED;
    private Instant finishedAt;
    private final List<CompletableFuture<Snapshot>> waiters = new ArrayList<>();

    /**
     * How a member ended.
     *
     * @param job            its job's id; null if it was cancelled before it became a job
     * @param status         its job's final status
     * @param result         its job's result; null if it never trained
     * @param epochsToTarget the first epoch whose training loss was at or below the study's target; -1 if none
     */
    public record Outcome(String job, JobStatus status, JobResult result, int epochsToTarget) {
    }

    Study(String id, long sequence, StudyPlan plan, Instant createdAt) {
        this.id = id;
        this.sequence = sequence;
        this.plan = plan;
        this.createdAt = createdAt;
        int members = plan.members().size();
        jobs = new String[members];
        outcomes = new Outcome[members];
        for (int m = 0; m < members; m++) {
            waiting.add(m);
        }
    }

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    StudyPlan plan() {
        return plan;
    }

    /** The next member to hand to the executor, or -1 if none waits (or the study was cancelled). */
    int nextWaiting() {
        synchronized (lock) {
            Integer member = cancelled ? null : waiting.poll();
            return member == null ? -1 : member;
        }
    }

    /** The executor would not take {@code member} now; it goes back to the front. */
    void putBack(int member) {
        synchronized (lock) {
            if (!cancelled) {
                waiting.addFirst(member);
            }
        }
    }

    boolean hasWaiting() {
        synchronized (lock) {
            return !cancelled && !waiting.isEmpty();
        }
    }

    /** Whether a cancel has come: its waiting members were cancelled, and it ends CANCELLED. */
    boolean cancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    int waitingCount() {
        synchronized (lock) {
            return cancelled ? 0 : waiting.size();
        }
    }

    /** {@code member} is now the job {@code job}. */
    void started(int member, String job) {
        synchronized (lock) {
            jobs[member] = job;
            memberOfJob.put(job, member);
            if (status == StudyStatus.QUEUED) {
                status = StudyStatus.RUNNING;
            }
        }
    }

    /** The member whose job is {@code job}, or -1. */
    int memberOf(String job) {
        synchronized (lock) {
            Integer member = memberOfJob.get(job);
            return member == null ? -1 : member;
        }
    }

    /** Whether {@code member} has ended. */
    boolean hasEnded(int member) {
        synchronized (lock) {
            return outcomes[member] != null;
        }
    }

    /** Records how a member's job ended; the snapshot if that ended the study, else null. */
    Snapshot ended(int member, Outcome outcome) {
        List<CompletableFuture<Snapshot>> toComplete;
        Snapshot snapshot;
        synchronized (lock) {
            if (outcomes[member] != null) {
                return null;
            }
            outcomes[member] = outcome;
            ended++;
            if (!finishIfDoneLocked()) {
                return null;
            }
            snapshot = snapshotLocked();
            toComplete = List.copyOf(waiters);
            waiters.clear();
        }
        toComplete.forEach(waiter -> waiter.complete(snapshot));
        return snapshot;
    }

    /**
     * Cancels the members that are still waiting (they end CANCELLED without ever becoming jobs) and returns the
     * ids of the members' jobs that may still be active, for the caller to cancel; null if the study had
     * already ended. Call {@link #settle} once those are cancelled.
     */
    List<String> cancel() {
        synchronized (lock) {
            if (status.isTerminal()) {
                return null;
            }
            cancelled = true;
            for (Integer member : waiting) {
                outcomes[member] = new Outcome(null, JobStatus.CANCELLED, null, -1);
                ended++;
            }
            waiting.clear();
            List<String> active = new ArrayList<>();
            for (int m = 0; m < jobs.length; m++) {
                if (jobs[m] != null && outcomes[m] == null) {
                    active.add(jobs[m]);
                }
            }
            return active;
        }
    }

    /** Ends the study if a cancel left nothing active; the snapshot if this call ended it, else null. */
    Snapshot settle() {
        List<CompletableFuture<Snapshot>> toComplete;
        Snapshot snapshot;
        synchronized (lock) {
            if (!finishIfDoneLocked()) {
                return null;
            }
            snapshot = snapshotLocked();
            toComplete = List.copyOf(waiters);
            waiters.clear();
        }
        toComplete.forEach(waiter -> waiter.complete(snapshot));
        return snapshot;
    }

    private boolean finishIfDoneLocked() {
        if (status.isTerminal() || ended < outcomes.length) {
            return false;
        }
        boolean allSucceeded = Arrays.stream(outcomes).allMatch(o -> o.status() == JobStatus.SUCCEEDED);
        status = cancelled ? StudyStatus.CANCELLED : allSucceeded ? StudyStatus.SUCCEEDED : StudyStatus.FAILED;
        finishedAt = Instant.now();
        return true;
    }

    /** A future completed with the study's snapshot when it ends, or already completed if it has. */
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

    Snapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private Snapshot snapshotLocked() {
        return new Snapshot(id, sequence, plan, status, createdAt, finishedAt, Collections.unmodifiableList(Arrays.asList(jobs.clone())),
                Collections.unmodifiableList(Arrays.asList(outcomes.clone())), ended);
    }

    /**
     * The study at one moment; immutable.
     *
     * @param jobs     per member, its job's id, or null while it waits (or if it never became a job)
     * @param outcomes per member, how it ended, or null while it has not
     * @param done     members that have ended
     */
    public record Snapshot(String id, long sequence, StudyPlan plan, StudyStatus status, Instant createdAt,
                           Instant finishedAt, List<String> jobs, List<Outcome> outcomes, int done) {

        public int total() {
            return plan.members().size();
        }
    }
}
