package io.mlplab.job;

import io.mlplab.config.JobsProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Jobs in this process's memory. Lookups and listings are lock-free; adding, removing and the retention
 * bookkeeping share one lock so that a job's two indexes and its place in the finished order stay in step.
 */
@Component
class InMemoryJobStore implements JobStore {

    private final int retained;
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
    public Optional<Job> find(String id) {
        return Optional.ofNullable(byId.get(id));
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
    public void ended(Job job) {
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
        List<Map.Entry<Position, Job>> passing = new ArrayList<>();
        for (Job job : bySequence.values()) {
            if (filter.test(job)) {
                Position position = Position.of(job);
                if (after == null || order.compare(position, after) > 0) {
                    passing.add(Map.entry(position, job));
                }
            }
        }
        passing.sort(Map.Entry.comparingByKey(order));
        List<Job> jobs = passing.stream().limit(limit).map(Map.Entry::getValue).toList();
        return new Page(jobs, passing.size() > limit ? passing.get(limit - 1).getKey() : null);
    }

    private static Page firstPage(Collection<Job> ordered, Filter filter, int limit) {
        List<Job> jobs = new ArrayList<>(Math.min(limit, 64));
        for (Job job : ordered) {
            if (!filter.test(job)) {
                continue;
            }
            if (jobs.size() == limit) {
                return new Page(jobs, Position.of(jobs.get(limit - 1)));
            }
            jobs.add(job);
        }
        return new Page(jobs, null);
    }

    @Override
    public Collection<Job> all() {
        return List.copyOf(byId.values());
    }
}
