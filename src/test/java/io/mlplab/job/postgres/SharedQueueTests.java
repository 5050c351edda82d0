package io.mlplab.job.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.job.Job;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.job.JobStore;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.Specs;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a shared store does, on two store instances (two replicas) over one database: concurrent claims,
 * exact admission under concurrent submissions, and end notifications that survive a lost connection.
 */
class SharedQueueTests {

    private static final CompiledSpec SEED = Specs.compile("{}");

    private HikariDataSource pool;
    private PostgresJobStore one;
    private PostgresJobStore two;
    private final List<Job.Snapshot> heardByOne = new CopyOnWriteArrayList<>();

    @BeforeEach
    void twoStoresOnOneDatabase() {
        pool = TestDatabase.migrated();
        one = PostgresJobStoreContractTests.newStore(pool, "one", new JobStore.Events() {
            @Override
            public void queued() {
            }

            @Override
            public void ended(Job.Snapshot job) {
                heardByOne.add(job);
            }

            @Override
            public void lost(String job) {
            }

            @Override
            public void failed(Job.Snapshot job) {
            }
        });
        two = PostgresJobStoreContractTests.newStore(pool, "two");
    }

    @AfterEach
    void closeThem() {
        one.close();
        two.close();
        pool.close();
    }

    private Job job(PostgresJobStore store) {
        return new Job(UUID.randomUUID().toString(), store.nextSequence(), SEED,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null);
    }

    @Test
    void concurrentWorkersOfTwoReplicasClaimEveryJobOnceOldestFirst() throws Exception {
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Job job = job(i % 2 == 0 ? one : two);
            (i % 2 == 0 ? one : two).add(job);
            queued.add(job.id());
        }
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<List<Long>> orders = new CopyOnWriteArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            PostgresJobStore store = w % 2 == 0 ? one : two;
            String worker = "worker-" + w;
            running.add(workers.submit(() -> {
                List<Long> order = new ArrayList<>();
                for (Optional<Job> job = store.claim(worker); job.isPresent(); job = store.claim(worker)) {
                    if (!claimed.add(job.get().id())) {
                        duplicates.incrementAndGet();
                    }
                    order.add(job.get().sequence());
                }
                orders.add(order);
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        workers.shutdown();

        assertThat(duplicates).hasValue(0);
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(queued);
        // each worker got older jobs before newer ones
        for (List<Long> order : orders) {
            List<Long> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertThat(order).isEqualTo(sorted);
        }
        assertThat(Replica.sql(pool).sql("select count(*) from jobs where status = 'RUNNING' and attempts = 1")
                .query(Integer.class).single()).isEqualTo(200);
    }

    @Test
    void admissionNeverLetsMoreThanTheCapacityInFromConcurrentSubmissionsOnTwoReplicas() throws Exception {
        int capacity = 10;
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> submissions = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            PostgresJobStore store = i % 2 == 0 ? one : two;
            submissions.add(clients.submit(() -> {
                if (store.admit(job(store), capacity)) {
                    admitted.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : submissions) {
            f.get();
        }
        clients.shutdown();

        assertThat(admitted).hasValue(capacity);
        assertThat(one.queued()).isEqualTo(capacity);
        // study members do not count against the single jobs' capacity
        Job member = new Job(UUID.randomUUID().toString(), one.nextSequence(), SEED, Instant.now(), "study-1");
        one.add(member);
        assertThat(one.queued()).isEqualTo(capacity + 1);
        assertThat(two.admit(job(two), capacity)).isFalse();
    }

    @Test
    void aReplicaHearsOfEveryEndEvenWhenItsConnectionForNotificationsIsCutMeanwhile() {
        Job before = job(two);
        two.add(before);
        assertThat(two.start(before, Instant.now())).isTrue();
        two.finish(before, JobStatus.SUCCEEDED, new JobResult(0.1, 0.1, 1, 1, 1, JobResult.StopReason.COMPLETED, 1, null), null, null, Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(heardByOne).contains(before.id()));
        Job during = job(two);
        two.add(during);
        assertThat(two.start(during, Instant.now())).isTrue();

        // cut every listening connection, then end a job while the first replica is deaf
        int cut = Replica.sql(pool).sql("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                where query like 'LISTEN%' and datname = current_database()""").query(Integer.class).single();
        two.finish(during, JobStatus.SUCCEEDED, new JobResult(0.2, 0.2, 1, 1, 1, JobResult.StopReason.COMPLETED, 1, null), null, null, Instant.now());

        assertThat(cut).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids(heardByOne).contains(during.id()));
        Job.Snapshot heard = heardByOne.stream().filter(job -> job.id().equals(during.id())).findFirst().orElseThrow();
        assertThat(heard.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(heard.result().trainLoss()).isEqualTo(0.2);
    }

    private static List<String> ids(List<Job.Snapshot> jobs) {
        return jobs.stream().map(Job.Snapshot::id).toList();
    }
}
