package io.mlplab.job;

import io.mlplab.config.JobsProperties;
import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Jobs in this process's memory (the default, {@code mlp.store.type=memory}): the live {@link Job} objects,
 * whose own locks guard their transitions. Lookups and listings are lock-free; adding, removing and the
 * retention bookkeeping share one lock so that a job's two indexes and its place in the finished order stay
 * in step.
 */
@Component
@ConditionalOnProperty(name = "mlp.store.type", havingValue = "memory", matchIfMissing = true)
class InMemoryJobStore implements JobStore {

    private final int retained;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Job> byId = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, Job> bySequence = new ConcurrentSkipListMap<>();
    private final Object lock = new Object();
    /** Ids of ended jobs in the order they ended; guarded by lock. */
    private final LinkedHashSet<String> finishedOrder = new LinkedHashSet<>();

    @Autowired
    InMemoryJobStore(JobsProperties properties) {
        this(properties.retained());
    }

    InMemoryJobStore(int retained) {
        this.retained = retained;
    }

    @Override
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    @Override
    public void add(Job job) {
        synchronized (lock) {
            byId.put(job.id(), job);
            bySequence.put(job.sequence(), job);
            // a worker may have ended the job before it got here; its ended() call then found nothing
            if (job.status().isTerminal()) {
                finishedLocked(job);
            }
        }
    }

    @Override
    public Optional<Job.Snapshot> find(String id) {
        return job(id).map(Job::snapshot);
    }

    /** The live job. */
    Optional<Job> job(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<History> history(String id, int from, int to) {
        return job(id).map(job -> job.history().between(from, to));
    }

    @Override
    public Optional<Job.Trained> trained(String id) {
        return job(id).map(Job::trained);
    }

    @Override
    public Optional<LiveWeights> liveWeights(String id) {
        return job(id).map(Job::liveWeights);
    }

    @Override
    public Optional<Experiment> experiment(String id) {
        return job(id).map(Job::experiment);
    }

    @Override
    public boolean remove(String id) {
        synchronized (lock) {
            Job job = byId.remove(id);
            if (job == null) {
                return false;
            }
            bySequence.remove(job.sequence());
            finishedOrder.remove(id);
            return true;
        }
    }

    @Override
    public boolean start(Job job, Instant now) {
        return job.start(now);
    }

    @Override
    public Optional<Change> cancel(String id, JobError reason, Instant now) {
        return job(id).map(job -> {
            boolean cancelled = job.cancel(now, reason);
            if (cancelled) {
                ended(job);
            }
            return new Change(job.snapshot(), cancelled);
        });
    }

    @Override
    public boolean finish(Job job, JobStatus terminal, JobResult result, JobError error, Job.Trained trained,
                          Instant now) {
        if (trained != null) {
            job.keep(trained);
        }
        boolean ended = job.finish(terminal, result, error, now);
        if (ended) {
            ended(job);
        }
        return ended;
    }

    @Override
    public Optional<CompletableFuture<Job.Snapshot>> whenEnded(String id) {
        return job(id).map(Job::whenEnded);
    }

    @Override
    public void forget(String id, CompletableFuture<Job.Snapshot> waiter) {
        job(id).ifPresent(job -> job.forget(waiter));
    }

    /** {@code job} has just ended, which may make the store forget the oldest finished job. */
    void ended(Job job) {
        synchronized (lock) {
            if (byId.get(job.id()) == job) {
                finishedLocked(job);
            }
        }
    }

    private void finishedLocked(Job job) {
        if (job.study() != null) {
            return;   // a study member stays while its study does; the study deletes it
        }
        finishedOrder.add(job.id());
        Iterator<String> oldest = finishedOrder.iterator();
        while (finishedOrder.size() > retained) {
            String id = oldest.next();
            oldest.remove();
            Job evicted = byId.remove(id);
            bySequence.remove(evicted.sequence());
        }
    }

    @Override
    public Page page(Filter filter, Sort sort, int limit, Position after) {
        if (sort == Sort.CREATED) {
            Map<Long, Job> newestFirst = (after == null ? bySequence : bySequence.headMap(after.sequence()))
                    .descendingMap();
            return firstPage(newestFirst.values(), filter, limit);
        }
        // by accuracy, which changes as jobs end: order a copy of the jobs that pass, then start after `after`
        Comparator<Position> order = sort.order();
        List<Map.Entry<Position, Job.Snapshot>> passing = new ArrayList<>();
        for (Job job : bySequence.values()) {
            if (filter.test(job)) {
                Job.Snapshot snapshot = job.snapshot();
                Position position = Position.of(snapshot);
                if (after == null || order.compare(position, after) > 0) {
                    passing.add(Map.entry(position, snapshot));
                }
            }
        }
        passing.sort(Map.Entry.comparingByKey(order));
        List<Job.Snapshot> jobs = passing.stream().limit(limit).map(Map.Entry::getValue).toList();
        return new Page(jobs, passing.size() > limit ? passing.get(limit - 1).getKey() : null);
    }

    private static Page firstPage(Collection<Job> ordered, Filter filter, int limit) {
        List<Job.Snapshot> jobs = new ArrayList<>(Math.min(limit, 64));
        for (Job job : ordered) {
            if (!filter.test(job)) {
                continue;
            }
            if (jobs.size() == limit) {
                return new Page(jobs, Position.of(jobs.get(limit - 1)));
            }
            jobs.add(job.snapshot());
        }
        return new Page(jobs, null);
    }

    @Override
    public List<String> active() {
        return byId.values().stream().filter(job -> !job.status().isTerminal()).map(Job::id).toList();
    }

    @Override
    public List<Count> counts() {
        Map<JobStatus, Map<JobError.Code, Integer>> counts = new EnumMap<>(JobStatus.class);
        for (Job job : byId.values()) {
            Job.Snapshot snapshot = job.snapshot();
            counts.computeIfAbsent(snapshot.status(), s -> new HashMap<>())
                    .merge(snapshot.error() == null ? null : snapshot.error().code(), 1, Integer::sum);
        }
        List<Count> list = new ArrayList<>();
        counts.forEach((status, byCode) -> byCode.forEach((code, n) -> list.add(new Count(status, code, n))));
        return list;
    }

    /** Every job, in no particular order. */
    Collection<Job> all() {
        return List.copyOf(byId.values());
    }
}
