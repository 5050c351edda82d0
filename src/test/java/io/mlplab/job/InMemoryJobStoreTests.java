package io.mlplab.job;

import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.Specs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class InMemoryJobStoreTests {

    private static final CompiledSpec SEED = Specs.compile("{}");

    private long sequence;

    private Job job() {
        long n = ++sequence;
        return new Job("job-" + n, n, SEED, Instant.now());
    }

    private static void end(Job job) {
        end(job, 1);
    }

    private static void end(Job job, double testAccuracy) {
        job.start(Instant.now());
        job.finish(JobStatus.SUCCEEDED, new JobResult(0.1, 0.1, 1, testAccuracy, 1), null, Instant.now());
    }

    private Job named(String name) {
        long n = ++sequence;
        return new Job("job-" + n, n, Specs.compile("{\"name\": \"" + name + "\"}"), Instant.now());
    }

    @Test
    void forgetsTheJobThatFinishedFirstOnceOverTheRetention() {
        InMemoryJobStore store = new InMemoryJobStore(2);
        Job a = job();
        Job b = job();
        Job c = job();
        List.of(a, b, c).forEach(store::add);

        end(b);
        store.ended(b);
        end(a);
        store.ended(a);
        end(c);
        store.ended(c);

        assertThat(store.find(b.id())).isEmpty();
        assertThat(store.find(a.id())).isPresent();
        assertThat(store.find(c.id())).isPresent();
        assertThat(store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 10, null).jobs()).extracting(Job.Snapshot::id).containsExactly(c.id(), a.id());
    }

    @Test
    void neverForgetsAStudyMemberAndListsMembersByStudy() {
        InMemoryJobStore store = new InMemoryJobStore(1);
        long n = ++sequence;
        Job member = new Job("job-" + n, n, SEED, Instant.now(), "study-1");
        store.add(member);
        end(member);
        store.ended(member);
        for (int i = 0; i < 5; i++) {
            Job finished = job();
            store.add(finished);
            end(finished);
            store.ended(finished);
        }

        assertThat(store.find(member.id())).isPresent();
        assertThat(store.all()).hasSize(2);
        assertThat(store.page(new JobStore.Filter(null, null, "study-1"), JobStore.Sort.CREATED, 10, null).jobs()).extracting(Job.Snapshot::id).containsExactly(member.id());
        assertThat(store.page(new JobStore.Filter(JobStatus.SUCCEEDED, null, "study-2"), JobStore.Sort.CREATED, 10, null).jobs()).isEmpty();
        assertThat(store.remove(member.id())).isTrue();
    }

    @Test
    void neverForgetsAnActiveJob() {
        InMemoryJobStore store = new InMemoryJobStore(1);
        Job active = job();
        store.add(active);
        for (int i = 0; i < 5; i++) {
            Job finished = job();
            store.add(finished);
            end(finished);
            store.ended(finished);
        }
        assertThat(store.find(active.id())).isPresent();
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void countsAJobThatEndedBeforeItWasAddedOnlyOnce() {
        InMemoryJobStore store = new InMemoryJobStore(1);
        Job early = job();
        end(early);
        store.ended(early);   // not there yet: ignored
        store.add(early);     // already ended: tracked
        store.ended(early);   // a late duplicate notice changes nothing
        Job next = job();
        store.add(next);
        end(next);
        store.ended(next);

        assertThat(store.find(early.id())).isEmpty();
        assertThat(store.find(next.id())).isPresent();
    }

    @Test
    void pagesNewestFirstWithACursorAndAStatusFilter() {
        InMemoryJobStore store = new InMemoryJobStore(100);
        Job[] jobs = new Job[5];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = job();
            store.add(jobs[i]);
        }
        end(jobs[1]);
        end(jobs[3]);

        JobStore.Page first = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, null);
        JobStore.Page second = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, first.next());
        JobStore.Page third = store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 2, second.next());
        JobStore.Page succeeded = store.page(new JobStore.Filter(JobStatus.SUCCEEDED, null), JobStore.Sort.CREATED, 10, null);

        assertThat(first.jobs()).extracting(Job.Snapshot::id).containsExactly(jobs[4].id(), jobs[3].id());
        assertThat(second.jobs()).extracting(Job.Snapshot::id).containsExactly(jobs[2].id(), jobs[1].id());
        assertThat(third.jobs()).extracting(Job.Snapshot::id).containsExactly(jobs[0].id());
        assertThat(third.next()).isNull();
        assertThat(succeeded.jobs()).extracting(Job.Snapshot::id).containsExactly(jobs[3].id(), jobs[1].id());
        assertThat(succeeded.next()).isNull();
    }

    @Test
    void removesAJob() {
        InMemoryJobStore store = new InMemoryJobStore(10);
        Job job = job();
        store.add(job);
        assertThat(store.remove(job.id())).isTrue();
        assertThat(store.remove(job.id())).isFalse();
        assertThat(store.find(job.id())).isEmpty();
        assertThat(store.page(JobStore.Filter.ALL, JobStore.Sort.CREATED, 10, null).jobs()).isEmpty();
    }

    @Test
    void filtersByNamePrefixAndStatusTogether() {
        InMemoryJobStore store = new InMemoryJobStore(100);
        Job relu1 = named("relu-16");
        Job sigmoid = named("sigmoid-16");
        Job unnamed = job();
        Job relu2 = named("relu-16-32");
        List.of(relu1, sigmoid, unnamed, relu2).forEach(store::add);
        end(relu1);

        assertThat(store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 10, null).jobs())
                .extracting(Job.Snapshot::id).containsExactly(relu2.id(), relu1.id());
        assertThat(store.page(new JobStore.Filter(null, "Relu"), JobStore.Sort.CREATED, 10, null).jobs()).isEmpty();
        assertThat(store.page(new JobStore.Filter(JobStatus.QUEUED, "relu-"), JobStore.Sort.CREATED, 10, null)
                .jobs()).extracting(Job.Snapshot::id).containsExactly(relu2.id());
        // a page boundary inside the filtered jobs
        JobStore.Page first = store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 1, null);
        assertThat(first.jobs()).extracting(Job.Snapshot::id).containsExactly(relu2.id());
        assertThat(store.page(new JobStore.Filter(null, "relu-"), JobStore.Sort.CREATED, 1, first.next()).jobs())
                .extracting(Job.Snapshot::id).containsExactly(relu1.id());
    }

    @Test
    void sortsByTestAccuracyBestFirstTiesNewestFirstUnfinishedLastAndPagesThroughIt() {
        InMemoryJobStore store = new InMemoryJobStore(100);
        Job[] jobs = new Job[6];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = job();
            store.add(jobs[i]);
        }
        end(jobs[0], 0.46);
        end(jobs[1], 1.0);
        end(jobs[2], 0.46);
        end(jobs[4], 0.9);
        // jobs[3] and jobs[5] have no result yet

        List<Job.Snapshot> seen = new java.util.ArrayList<>();
        JobStore.Position after = null;
        int pages = 0;
        do {
            JobStore.Page page = store.page(JobStore.Filter.ALL, JobStore.Sort.TEST_ACCURACY, 4, after);
            seen.addAll(page.jobs());
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(seen).extracting(Job.Snapshot::id)
                .containsExactly(jobs[1].id(), jobs[4].id(), jobs[2].id(), jobs[0].id(), jobs[5].id(), jobs[3].id());
        assertThat(pages).isEqualTo(2);
    }
}
