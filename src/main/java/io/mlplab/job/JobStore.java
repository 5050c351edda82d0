package io.mlplab.job;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs live while the server knows them. The store keeps at most a configured number of finished
 * jobs, forgetting the one that finished first; it never forgets an active (queued or running) job, nor a
 * member of a study: those go when their study is deleted or forgotten, which deletes them.
 */
public interface JobStore {

    /** Adds a job that has just been accepted (it may already have ended). */
    void add(Job job);

    Optional<Job> find(String id);

    /** Forgets a job; false if it was not there. */
    boolean remove(String id);

    /** Tells the store that {@code job} has ended, which may make it forget the oldest finished job. */
    void ended(Job job);

    /**
     * Newest first: at most {@code limit} jobs created before the one with sequence {@code before} (all if
     * null), with status {@code status} (any if null), and the sequence to continue from, or null if none.
     */
    default Page page(JobStatus status, int limit, Long before) {
        return page(status, null, limit, before);
    }

    /** As {@link #page(JobStatus, int, Long)}, only members of the study {@code study} (any job if null). */
    Page page(JobStatus status, String study, int limit, Long before);

    /** Every job, in no particular order. */
    Collection<Job> all();

    /** A page of a listing. */
    record Page(List<Job> jobs, Long next) {
    }
}
