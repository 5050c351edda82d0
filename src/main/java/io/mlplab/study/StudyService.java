package io.mlplab.study;

import io.mlplab.config.StudiesProperties;
import io.mlplab.job.History;
import io.mlplab.job.Job;
import io.mlplab.job.JobService;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.web.ApiException;
import io.mlplab.web.InvalidSpecException;
import io.mlplab.web.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs studies: validates every member up front, then feeds the members to the job executor as workers free
 * up, and records how each ended. The studies themselves live in a {@link StudyStore}.
 *
 * <p><b>Feeding.</b> At most as many members (of all studies together) are queued or running as there are
 * workers. A member is handed to the executor when a study is submitted and whenever any job ends, on the
 * thread that ended it, before that worker takes its next task; so the workers never idle while members
 * wait, a study is never refused for being larger than the queue, and the members hold at most
 * {@code workers} places of the queue. Single submissions keep the rest of the queue and their 429, and
 * since the queue is first in, first out, a single job waits behind at most {@code workers} members, however
 * large the studies. Studies take turns member by member, so a large study does not hold up a small one.
 * Should single submissions have filled the queue, the member waits for the next job to end.
 *
 * <p><b>On a shared store</b> (PostgreSQL) the same rules hold for the cluster: the store counts the members
 * in flight on every replica against the workers of every live replica, and claims each member under a
 * database lock, so whichever replica gets there first submits it, once. Job ends are handled on one thread
 * of this service rather than on the thread that reports them, and every {@code mlp.studies.sweep-interval}
 * a {@link #sweep} finishes what a replica that died left undone. A study outlives its server there: one
 * that is stopping stops feeding, and the next replica (or this one, restarted) goes on.
 *
 * <p><b>Retention.</b> A study's members are ordinary jobs that the job store never forgets on its own; a
 * study is kept until it is deleted, or until it is the oldest of more than {@code mlp.studies.retained}
 * finished studies, and its jobs go with it.
 */
@Service
public class StudyService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StudyService.class);

    private final StudyStore store;
    private final JobService jobs;
    private final SpecCompiler compiler;
    private final JsonMapper json;
    private final StudiesProperties properties;
    private final StudyMetrics metrics;
    /** Shared stores only: the thread that handles job ends and sweeps; null while stopped. */
    private volatile ScheduledExecutorService feeder;

    StudyService(StudyStore store, JobService jobs, SpecCompiler compiler, JsonMapper json,
                 StudiesProperties properties, StudyMetrics metrics) {
        this.store = store;
        this.jobs = jobs;
        this.compiler = compiler;
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
        jobs.onEnded(store.shared() ? this::jobEndedLater : this::jobEnded);
        metrics.gauges(store::active, store::waiting, store::inFlight);
    }

    /**
     * Expands and validates the study, then starts feeding its members.
     *
     * @throws io.mlplab.web.InvalidSpecException naming the study's field, or the first bad member and its
     *                                            field; no job is created
     */
    Study.Snapshot submit(StudyRequest request) {
        StudyPlan plan = StudyPlan.of(request, compiler, json, properties.maxMembers());
        Study.Snapshot study = store.add(plan);
        metrics.submitted(plan.members().size());
        pump();
        return store.find(study.id()).orElse(study);
    }

    Study.Snapshot find(String id) {
        return store.find(id).orElseThrow(() -> StudyNotFoundException.forId(id));
    }

    /** The study as soon as it ends, or as it is after {@code wait}; no thread waits meanwhile. */
    CompletableFuture<Study.Snapshot> await(String id, Duration wait) {
        return store.await(id, wait);
    }

    /** Newest first: at most {@code limit} studies created before {@code before} (all if null), and the next cursor. */
    StudyStore.Page list(int limit, Long before) {
        return store.page(limit, before);
    }

    /** The members' histories, for the ones whose jobs are still known. */
    History history(String job) {
        return jobs.history(job, 0);
    }

    /**
     * Cancels the study: members still waiting never become jobs, queued and running members are cancelled.
     *
     * @throws StudyAlreadyFinishedException if every member had already ended
     */
    Study.Snapshot cancel(String id) {
        if (!cancelStudy(id)) {
            throw StudyAlreadyFinishedException.forStudy(find(id));
        }
        return find(id);
    }

    /** Cancels the study if it is still active, then forgets it and deletes its jobs. */
    void delete(String id) {
        cancelStudy(id);
        store.remove(id).ifPresent(this::deleteJobs);
    }

    /** False if the study had already ended. */
    private boolean cancelStudy(String id) {
        List<String> active = store.cancel(id);
        if (active == null) {
            return false;
        }
        for (String job : active) {
            try {
                // recorded here too, not only by the job's end event: on a shared store that may come later
                recordEnd(id, jobs.cancel(job));
            } catch (ApiException e) {
                if (e.type() == ProblemType.JOB_NOT_FOUND) {
                    recordGone(id, job);   // deleted on its own
                } else if (e.type() == ProblemType.JOB_ALREADY_FINISHED) {
                    recordEndOf(id, job);   // it ended meanwhile
                }
            }
        }
        ended(store.settle(id));
        return true;
    }

    private void deleteJobs(Study.Snapshot study) {
        for (String job : study.jobs()) {
            if (job != null) {
                try {
                    jobs.delete(job);
                } catch (ApiException e) {
                    // deleted on its own already
                }
            }
        }
    }

    // --- feeding -----------------------------------------------------------------------------------------

    /** Hands waiting members to the executor while fewer members than workers are queued or running. */
    private void pump() {
        while (feedOne()) {
            // one member per claim, so that each claim holds the store's lock only briefly
        }
    }

    /** Hands one waiting member to the executor; false if none waits, enough are in flight, or the executor takes none now. */
    private boolean feedOne() {
        Study.Snapshot ended = null;
        String stopping = null;
        try (StudyStore.Claim claim = store.claim(jobs.workers())) {
            if (claim == null) {
                return false;
            }
            try {
                claim.started(jobs.submitMember(claim.spec(), claim.study()).id());
            } catch (InvalidSpecException e) {
                // only a study read back from the database: this server's limits no longer admit the member
                log.warn("A member of study {} no longer passes this server's limits and ends FAILED: {}",
                        claim.study(), e.getMessage());
                ended = claim.failed();
            } catch (ApiException e) {
                claim.putBack();
                if (e.type() != ProblemType.SHUTTING_DOWN || store.shared()) {
                    return false;   // the queue is full of single submissions: wait for the next job to end
                }
                stopping = claim.study();   // the server is stopping: this study's waiting members will never run
            }
        }
        ended(ended);
        if (stopping != null) {
            cancelStudy(stopping);
        }
        return true;
    }

    /** Every job's end: record a member's outcome, then let the next member in. */
    private void jobEnded(Job.Snapshot job) {
        if (job.study() != null) {
            recordEnd(job.study(), job);
        }
        pump();
    }

    /** A shared store's job end, on the feeder thread: the listener that reports it returns at once. */
    private void jobEndedLater(Job.Snapshot job) {
        ScheduledExecutorService thread = feeder;
        if (thread == null) {
            return;   // stopped: the next sweep after a start records it
        }
        try {
            thread.execute(() -> {
                try {
                    jobEnded(job);
                } catch (RuntimeException e) {
                    log.warn("Could not record the end of job {}; the next sweep will", job.id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** Records the end of a member's job, if it has ended. */
    private void recordEnd(String study, Job.Snapshot job) {
        if (job.status().isTerminal()) {
            ended(store.ended(study, job.id(), job.status(), job.result(), target -> epochsToTarget(job.id(), target)));
        }
    }

    private void recordEndOf(String study, String job) {
        try {
            recordEnd(study, jobs.find(job));
        } catch (ApiException e) {
            if (e.type() == ProblemType.JOB_NOT_FOUND) {
                recordGone(study, job);
            }
        }
    }

    /** A member whose job is gone (deleted on its own, or lost with a server) counts as cancelled. */
    private void recordGone(String study, String job) {
        ended(store.ended(study, job, JobStatus.CANCELLED, null, target -> -1));
    }

    private int epochsToTarget(String job, double target) {
        try {
            double[] loss = jobs.history(job, 0).train().loss();
            for (int epoch = 0; epoch < loss.length; epoch++) {
                if (loss[epoch] <= target) {
                    return epoch;
                }
            }
        } catch (ApiException e) {
            // deleted on its own as it ended
        }
        return -1;
    }

    /** A study that just ended: count it and forget the oldest finished ones beyond the retained number. */
    private void ended(Study.Snapshot study) {
        if (study == null) {
            return;
        }
        metrics.finished(study.status(), Duration.between(study.createdAt(), study.finishedAt()));
        log.info("Study {} ended {}: {} members", study.id(), study.status(), study.total());
        store.evict(properties.retained()).forEach(this::deleteJobs);
    }

    // --- shared stores: the sweep ------------------------------------------------------------------------

    /**
     * What job end events alone may miss on a shared store, where a replica may die mid-study: records the
     * members whose jobs ended (or are gone) unseen, cancels the jobs of cancelled studies that still run,
     * settles studies whose cancel was interrupted, forgets finished studies beyond the retained number, and
     * feeds waiting members (a restarted server's first sweep picks up where the last one stopped).
     */
    public void sweep() {
        for (StudyStore.InFlight member : store.inFlightJobs()) {
            try {
                Job.Snapshot job = jobs.find(member.job());
                if (job.status().isTerminal()) {
                    recordEnd(member.study(), job);
                } else if (member.cancelled()) {
                    recordEnd(member.study(), jobs.cancel(member.job()));
                }
            } catch (ApiException e) {
                if (e.type() == ProblemType.JOB_NOT_FOUND) {
                    recordGone(member.study(), member.job());
                }
                // JOB_ALREADY_FINISHED: it ended meanwhile, and its end event or the next sweep records it
            }
        }
        for (String id : store.unsettled()) {
            ended(store.settle(id));
        }
        store.evict(properties.retained()).forEach(this::deleteJobs);
        pump();
    }

    // --- lifecycle: the feeder thread of a shared store ----------------------------------------------------

    @Override
    public void start() {
        if (!store.shared() || feeder != null) {
            return;
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "study-feeder");
            t.setDaemon(true);
            return t;
        });
        long every = properties.sweepInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("The study sweep failed; trying again in {} ms", every, e);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        feeder = thread;
    }

    @Override
    public void stop() {
        ScheduledExecutorService thread = feeder;
        feeder = null;
        if (thread != null) {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return !store.shared() || feeder != null;
    }
}
