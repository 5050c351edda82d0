package io.mlplab.study;

import io.mlplab.config.StudiesProperties;
import io.mlplab.job.History;
import io.mlplab.job.Job;
import io.mlplab.job.JobService;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs studies: validates every member up front, then feeds the members to the job executor as workers free
 * up, and records how each ended.
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
 * <p><b>Retention.</b> A study's members are ordinary jobs that the job store never forgets on its own; a
 * study is kept until it is deleted, or until it is the oldest of more than {@code mlp.studies.retained}
 * finished studies, and its jobs go with it.
 */
@Service
public class StudyService {

    private static final Logger log = LoggerFactory.getLogger(StudyService.class);

    private final JobService jobs;
    private final SpecCompiler compiler;
    private final JsonMapper json;
    private final StudiesProperties properties;
    private final StudyMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Study> byId = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, Study> bySequence = new ConcurrentSkipListMap<>();
    /** Ids of ended studies in the order they ended; guarded by itself. */
    private final LinkedHashSet<String> finishedOrder = new LinkedHashSet<>();

    /** Guards {@link #turns} and {@link #inFlight}. */
    private final Object feed = new Object();
    /** Studies with waiting members, in turn order. */
    private final ArrayDeque<Study> turns = new ArrayDeque<>();
    /** Ids of member jobs queued or running. */
    private final Set<String> inFlight = new HashSet<>();

    StudyService(JobService jobs, SpecCompiler compiler, JsonMapper json, StudiesProperties properties,
                 StudyMetrics metrics) {
        this.jobs = jobs;
        this.compiler = compiler;
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
        jobs.onEnded(this::jobEnded);
        metrics.gauges(() -> byId.values().stream().filter(s -> !s.snapshot().status().isTerminal()).count(),
                () -> byId.values().stream().mapToInt(Study::waitingCount).sum(),
                () -> {
                    synchronized (feed) {
                        return inFlight.size();
                    }
                });
    }

    /**
     * Expands and validates the study, then starts feeding its members.
     *
     * @throws io.mlplab.web.InvalidSpecException naming the study's field, or the first bad member and its
     *                                            field; no job is created
     */
    Study.Snapshot submit(StudyRequest request) {
        StudyPlan plan = StudyPlan.of(request, compiler, json, properties.maxMembers());
        Study study = new Study(UUID.randomUUID().toString(), sequence.incrementAndGet(), plan, Instant.now());
        byId.put(study.id(), study);
        bySequence.put(study.sequence(), study);
        metrics.submitted(plan.members().size());
        synchronized (feed) {
            turns.addLast(study);
        }
        pump();
        return study.snapshot();
    }

    Study.Snapshot find(String id) {
        return require(id).snapshot();
    }

    /** The study as soon as it ends, or as it is after {@code wait}; no thread waits meanwhile. */
    CompletableFuture<Study.Snapshot> await(String id, Duration wait) {
        Study study = require(id);
        if (wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(study.snapshot());
        }
        CompletableFuture<Study.Snapshot> ended = study.whenEnded();
        return ended.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(snapshot -> {
                    study.forget(ended);
                    return snapshot != null ? snapshot : study.snapshot();
                });
    }

    /** Newest first: at most {@code limit} studies created before {@code before} (all if null), and the next cursor. */
    Page list(int limit, Long before) {
        Map<Long, Study> newestFirst = (before == null ? bySequence : bySequence.headMap(before)).descendingMap();
        List<Study.Snapshot> page = new ArrayList<>();
        for (Study study : newestFirst.values()) {
            if (page.size() == limit) {
                return new Page(page, page.get(limit - 1).sequence());
            }
            page.add(study.snapshot());
        }
        return new Page(page, null);
    }

    /** A page of studies and the cursor of the next, or null. */
    record Page(List<Study.Snapshot> studies, Long next) {
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
        Study study = require(id);
        if (!cancel(study)) {
            throw StudyAlreadyFinishedException.forStudy(study.snapshot());
        }
        return study.snapshot();
    }

    /** Cancels the study if it is still active, then forgets it and deletes its jobs. */
    void delete(String id) {
        Study study = require(id);
        cancel(study);
        forget(study);
    }

    private boolean cancel(Study study) {
        List<String> active = study.cancel();
        if (active == null) {
            return false;
        }
        for (String job : active) {
            try {
                jobs.cancel(job);
            } catch (ApiException e) {
                // it ended meanwhile (its outcome is recorded by jobEnded), or was deleted on its own
                if (e.type() == ProblemType.JOB_NOT_FOUND) {
                    recordGone(study, job);
                }
            }
        }
        ended(study.settle());
        return true;
    }

    private void forget(Study study) {
        byId.remove(study.id());
        bySequence.remove(study.sequence());
        synchronized (finishedOrder) {
            finishedOrder.remove(study.id());
        }
        for (String job : study.snapshot().jobs()) {
            if (job != null) {
                try {
                    jobs.delete(job);
                } catch (ApiException e) {
                    // deleted on its own already
                }
            }
        }
    }

    private Study require(String id) {
        Study study = byId.get(id);
        if (study == null) {
            throw StudyNotFoundException.forId(id);
        }
        return study;
    }

    // --- feeding -----------------------------------------------------------------------------------------

    /** Hands waiting members to the executor while fewer members than workers are queued or running. */
    private void pump() {
        synchronized (feed) {
            while (inFlight.size() < jobs.workers() && !turns.isEmpty()) {
                Study study = turns.pollFirst();
                int member = study.nextWaiting();
                if (member < 0) {
                    continue;
                }
                try {
                    Job.Snapshot job = jobs.submitMember(study.plan().members().get(member).spec(), study.id());
                    inFlight.add(job.id());
                    study.started(member, job.id());
                } catch (ApiException e) {
                    study.putBack(member);
                    if (e.type() == ProblemType.SHUTTING_DOWN) {
                        // the server is stopping: this study's waiting members will never run
                        cancel(study);
                        continue;
                    }
                    turns.addFirst(study);
                    return;   // the queue is full of single submissions: wait for the next job to end
                }
                if (study.hasWaiting()) {
                    turns.addLast(study);
                }
            }
        }
    }

    /** Every job's end: record a member's outcome, then let the next member in. */
    private void jobEnded(Job.Snapshot job) {
        if (job.study() != null) {
            synchronized (feed) {
                // also taken so that a member that ended at once waits until pump() has recorded its job
                inFlight.remove(job.id());
            }
            Study study = byId.get(job.study());
            if (study != null) {
                int member = study.memberOf(job.id());
                if (member >= 0) {
                    ended(study.ended(member, new Study.Outcome(job.id(), job.status(), job.result(),
                            epochsToTarget(job.id(), study.plan().targetLoss()))));
                }
            }
        }
        pump();
    }

    private void recordGone(Study study, String job) {
        int member = study.memberOf(job);
        if (member >= 0) {
            ended(study.ended(member, new Study.Outcome(job, io.mlplab.job.JobStatus.CANCELLED, null, -1)));
        }
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
        List<Study> evicted = new ArrayList<>();
        synchronized (finishedOrder) {
            if (byId.containsKey(study.id())) {
                finishedOrder.add(study.id());
            }
            while (finishedOrder.size() > properties.retained()) {
                String oldest = finishedOrder.iterator().next();
                finishedOrder.remove(oldest);
                Study gone = byId.get(oldest);
                if (gone != null) {
                    evicted.add(gone);
                }
            }
        }
        evicted.forEach(this::forget);
    }
}
