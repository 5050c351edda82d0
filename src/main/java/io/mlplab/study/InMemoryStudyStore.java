package io.mlplab.study;

import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.CompiledSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleToIntFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Studies in maps, as long as the server runs ({@code mlp.store.type=memory}, the default). Each {@link Study}
 * guards its own state; feeding takes one lock, which a {@link Claim} holds from the moment it picks a member
 * until the member's job is recorded, so a job that ends at once is recorded only after that.
 */
@Component
@ConditionalOnProperty(name = "mlp.store.type", havingValue = "memory", matchIfMissing = true)
class InMemoryStudyStore implements StudyStore {

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Study> byId = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, Study> bySequence = new ConcurrentSkipListMap<>();
    /** Ids of ended studies in the order they ended; guarded by itself. */
    private final LinkedHashSet<String> finishedOrder = new LinkedHashSet<>();

    /** Guards {@link #turns} and {@link #inFlight}. */
    private final ReentrantLock feed = new ReentrantLock();
    /** Studies with waiting members, in turn order. */
    private final ArrayDeque<Study> turns = new ArrayDeque<>();
    /** Ids of member jobs queued or running. */
    private final Set<String> inFlight = new HashSet<>();

    @Override
    public Study.Snapshot add(StudyPlan plan) {
        Study study = new Study(UUID.randomUUID().toString(), sequence.incrementAndGet(), plan, Instant.now());
        byId.put(study.id(), study);
        bySequence.put(study.sequence(), study);
        feed.lock();
        try {
            turns.addLast(study);
        } finally {
            feed.unlock();
        }
        return study.snapshot();
    }

    @Override
    public Optional<Study.Snapshot> find(String id) {
        Study study = byId.get(id);
        return study == null ? Optional.empty() : Optional.of(study.snapshot());
    }

    @Override
    public Page page(int limit, Long before) {
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

    @Override
    public Claim claim(int workers) {
        feed.lock();
        boolean claimed = false;
        try {
            while (inFlight.size() < workers && !turns.isEmpty()) {
                Study study = turns.pollFirst();
                int member = study.nextWaiting();
                if (member >= 0) {
                    claimed = true;
                    return new MemberClaim(study, member);
                }
            }
            return null;
        } finally {
            if (!claimed) {
                feed.unlock();
            }
        }
    }

    /** A member taken from its study's waiting ones, under the feed lock. */
    private final class MemberClaim implements Claim {

        private final Study study;
        private final int member;

        MemberClaim(Study study, int member) {
            this.study = study;
            this.member = member;
        }

        @Override
        public String study() {
            return study.id();
        }

        @Override
        public CompiledSpec spec() {
            return study.plan().members().get(member).spec();
        }

        @Override
        public void started(String job) {
            inFlight.add(job);
            study.started(member, job);
            if (study.hasWaiting()) {
                turns.addLast(study);
            }
        }

        @Override
        public void putBack() {
            study.putBack(member);
            turns.addFirst(study);
        }

        @Override
        public Study.Snapshot failed() {
            Study.Snapshot ended = finished(study.ended(member, new Study.Outcome(null, JobStatus.FAILED, null, -1)));
            if (study.hasWaiting()) {
                turns.addLast(study);
            }
            return ended;
        }

        @Override
        public void close() {
            feed.unlock();
        }
    }

    @Override
    public Study.Snapshot ended(String study, String job, JobStatus status, JobResult result,
                                DoubleToIntFunction epochsToTarget) {
        feed.lock();
        try {
            // also taken so that a member that ended at once waits until its claim has recorded its job
            inFlight.remove(job);
        } finally {
            feed.unlock();
        }
        Study found = byId.get(study);
        if (found == null) {
            return null;
        }
        int member = found.memberOf(job);
        if (member < 0 || found.hasEnded(member)) {
            return null;
        }
        return finished(found.ended(member,
                new Study.Outcome(job, status, result, epochsToTarget.applyAsInt(found.plan().targetLoss()))));
    }

    @Override
    public List<String> cancel(String id) {
        return require(id).cancel();
    }

    @Override
    public Study.Snapshot settle(String id) {
        Study study = byId.get(id);
        return study == null ? null : finished(study.settle());
    }

    @Override
    public Optional<Study.Snapshot> remove(String id) {
        Study study = byId.remove(id);
        if (study == null) {
            return Optional.empty();
        }
        bySequence.remove(study.sequence());
        synchronized (finishedOrder) {
            finishedOrder.remove(id);
        }
        return Optional.of(study.snapshot());
    }

    @Override
    public List<Study.Snapshot> evict(int retained) {
        List<String> evicted = new ArrayList<>();
        synchronized (finishedOrder) {
            while (finishedOrder.size() > retained) {
                String oldest = finishedOrder.iterator().next();
                finishedOrder.remove(oldest);
                evicted.add(oldest);
            }
        }
        List<Study.Snapshot> gone = new ArrayList<>();
        for (String id : evicted) {
            remove(id).ifPresent(gone::add);
        }
        return gone;
    }

    @Override
    public CompletableFuture<Study.Snapshot> await(String id, Duration wait) {
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

    @Override
    public long active() {
        return byId.values().stream().filter(s -> !s.snapshot().status().isTerminal()).count();
    }

    @Override
    public long waiting() {
        return byId.values().stream().mapToInt(Study::waitingCount).sum();
    }

    @Override
    public long inFlight() {
        feed.lock();
        try {
            return inFlight.size();
        } finally {
            feed.unlock();
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public List<InFlight> inFlightJobs() {
        List<InFlight> members = new ArrayList<>();
        for (Study study : byId.values()) {
            Study.Snapshot snapshot = study.snapshot();
            for (int m = 0; m < snapshot.total(); m++) {
                if (snapshot.jobs().get(m) != null && snapshot.outcomes().get(m) == null) {
                    members.add(new InFlight(study.id(), snapshot.jobs().get(m), study.cancelled()));
                }
            }
        }
        return members;
    }

    @Override
    public List<String> unsettled() {
        List<String> ids = new ArrayList<>();
        for (Study study : byId.values()) {
            Study.Snapshot snapshot = study.snapshot();
            if (!snapshot.status().isTerminal() && snapshot.done() == snapshot.total()) {
                ids.add(study.id());
            }
        }
        return ids;
    }

    private Study require(String id) {
        Study study = byId.get(id);
        if (study == null) {
            throw StudyNotFoundException.forId(id);
        }
        return study;
    }

    /** A study that just ended joins the finished ones, oldest first, unless it was forgotten meanwhile. */
    private Study.Snapshot finished(Study.Snapshot study) {
        if (study != null) {
            synchronized (finishedOrder) {
                if (byId.containsKey(study.id())) {
                    finishedOrder.add(study.id());
                }
            }
        }
        return study;
    }
}
