package io.mlplab.job;

import java.util.Collection;
import java.util.Comparator;
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
     * At most {@code limit} jobs that pass {@code filter}, in {@code sort}'s order, starting after
     * {@code after} (the last job of the previous page; null for the first page), and where the next page
     * starts, or null if this was the last.
     */
    Page page(Filter filter, Sort sort, int limit, Position after);

    /** Every job, in no particular order. */
    Collection<Job> all();

    /** A page of a listing; {@code next} is the position of its last job, null on the last page. */
    record Page(List<Job> jobs, Position next) {
    }

    /**
     * Which jobs a listing shows; a null criterion lets every job through.
     *
     * @param status     only jobs with this status
     * @param namePrefix only jobs whose name starts with this (case-sensitive); unnamed jobs never match
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
        Comparator<Position> order() {
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

        static Position of(Job job) {
            JobResult result = job.snapshot().result();
            return new Position(job.sequence(), result == null ? Double.NaN : result.testAccuracy());
        }
    }
}
