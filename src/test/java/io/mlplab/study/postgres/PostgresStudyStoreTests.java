package io.mlplab.study.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.config.StudiesProperties;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.Specs;
import io.mlplab.study.Study;
import io.mlplab.study.StudyPlan;
import io.mlplab.study.StudyStatus;
import io.mlplab.study.StudyStore;
import io.mlplab.study.StudyStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The store contract on PostgreSQL (a real one, embedded), schema by the application's own migrations; and what
 * only a shared store does: several servers on one database, each a store of its own here, feed every member
 * once and never more than the cluster's workers, skip a study another holds, and see each other's studies.
 */
class PostgresStudyStoreTests extends StudyStoreContract {

    private static HikariDataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JdbcClient jdbc;
    private final List<PostgresStudyStore> stores = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabase.pool(TestDatabase.create("study_store"));
        Flyway.configure().dataSource(dataSource).load().migrate();
        transactions = new DataSourceTransactionManager(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void closePool() {
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE studies, study_members, study_feeders").update();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(PostgresStudyStore::close);
    }

    @Override
    protected StudyStore newStore() {
        return replica();
    }

    /** One more server on the same database. */
    private PostgresStudyStore replica() {
        PostgresStudyStore store = new PostgresStudyStore(dataSource, transactions,
                Specs.compiler(Specs.LIMITS, Specs.JOBS), Specs.JSON,
                new StudiesProperties(500, 20, 1_000_000, Duration.ofSeconds(5)));
        stores.add(store);
        return store;
    }

    @Test
    void twoReplicasFeedEveryMemberOnceWithinTheWorkersOfBoth() throws Exception {
        PostgresStudyStore a = replica();
        PostgresStudyStore b = replica();
        List<String> studies = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            studies.add((s % 2 == 0 ? a : b).add(seeds(10)).id());
        }
        // a has 2 workers, b has 3: five members in flight at most, whoever claims them
        start(a, 2, "first");
        start(b, 3, "second");
        Set<String> started = ConcurrentHashMap.newKeySet();
        started.addAll(List.of("first", "second"));
        AtomicInteger jobs = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        ExecutorService feeders = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            PostgresStudyStore store = f % 2 == 0 ? a : b;
            int workers = f % 2 == 0 ? 2 : 3;
            boolean endsTheFirstTwo = f == 0;
            done.add(feeders.submit(() -> {
                List<String[]> mine = new ArrayList<>();
                if (endsTheFirstTwo) {
                    for (Study.Snapshot study : List.of(a.find(studies.get(0)).orElseThrow(),
                            a.find(studies.get(1)).orElseThrow())) {
                        mine.add(new String[] {study.id(), study.jobs().get(0)});
                    }
                }
                while (true) {
                    boolean claimed = false;
                    try (StudyStore.Claim claim = store.claim(workers)) {
                        if (claim != null) {
                            String job = "job-" + jobs.incrementAndGet();
                            claim.started(job);
                            // the claim holds the feeding lock: this is the cluster's count
                            mostInFlight.accumulateAndGet((int) store.inFlight(), Math::max);
                            assertThat(started.add(job)).isTrue();
                            mine.add(new String[] {claim.study(), job});
                            claimed = true;
                        }
                    }
                    if (!claimed) {
                        if (mine.isEmpty()) {
                            if (store.waiting() == 0) {
                                return null;
                            }
                            Thread.sleep(1);
                            continue;
                        }
                        String[] end = mine.remove(0);
                        store.ended(end[0], end[1], JobStatus.SUCCEEDED, RESULT, target -> -1);
                    }
                }
            }));
        }
        for (Future<?> feeder : done) {
            feeder.get(120, TimeUnit.SECONDS);
        }
        feeders.shutdown();

        assertThat(started).hasSize(40);
        assertThat(mostInFlight.get()).isEqualTo(5);
        Set<String> recorded = new HashSet<>();
        for (String id : studies) {
            Study.Snapshot study = b.find(id).orElseThrow();
            assertThat(study.status()).isEqualTo(StudyStatus.SUCCEEDED);
            recorded.addAll(study.jobs());
        }
        assertThat(recorded).isEqualTo(started);
    }

    @Test
    void aStudyWhoseRowAnotherHoldsIsSkippedNotWaitedFor() throws Exception {
        PostgresStudyStore a = replica();
        Study.Snapshot held = a.add(seeds(2));
        Study.Snapshot free = a.add(seeds(2));
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT 1 FROM studies WHERE id = '" + held.id() + "' FOR UPDATE");

            CompletableFuture<String> claimed = CompletableFuture.supplyAsync(() -> {
                try (StudyStore.Claim claim = replica().claim(4)) {
                    claim.started("j1");
                    return claim.study();
                }
            });

            assertThat(claimed.get(10, TimeUnit.SECONDS)).isEqualTo(free.id());
            other.rollback();
        }
        try (StudyStore.Claim claim = a.claim(4)) {
            assertThat(claim.study()).isEqualTo(held.id());
            claim.putBack();
        }
    }

    @Test
    void aReplicaNotSeenForThreeSweepIntervalsNoLongerCountsItsWorkers() {
        PostgresStudyStore gone = replica();
        PostgresStudyStore alive = replica();
        Study.Snapshot study = gone.add(seeds(4));
        start(gone, 2, "j1");
        start(gone, 2, "j2");
        assertThat(alive.claim(1)).as("two in flight, three workers").isNotNull().satisfies(StudyStore.Claim::putBack)
                .satisfies(StudyStore.Claim::close);

        jdbc.sql("UPDATE study_feeders SET seen_at = now() - interval '16 seconds' WHERE workers = 2").update();

        assertThat(alive.claim(1)).as("two in flight, one worker").isNull();
        alive.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> -1);
        alive.ended(study.id(), "j2", JobStatus.SUCCEEDED, RESULT, target -> -1);
        start(alive, 1, "j3");
        assertThat(alive.claim(1)).isNull();

        // the next server to write its own row forgets the silent one's
        try (StudyStore.Claim claim = replica().claim(1)) {
            claim.putBack();
        }
        assertThat(jdbc.sql("SELECT workers FROM study_feeders").query(Integer.class).list()).containsOnly(1);
    }

    @Test
    void aWaiterOnOneReplicaHearsOfAStudyThatAnotherEnds() throws Exception {
        PostgresStudyStore a = replica();
        PostgresStudyStore b = replica();
        Study.Snapshot study = a.add(seeds(1));
        start(a, 1, "j1");
        CompletableFuture<Study.Snapshot> waiting = b.await(study.id(), Duration.ofSeconds(30));

        a.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> -1);

        assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(StudyStatus.SUCCEEDED);
    }

    @Test
    void aCancelOnOneReplicaNamesTheJobsThatAnotherStarted() {
        PostgresStudyStore a = replica();
        PostgresStudyStore b = replica();
        Study.Snapshot study = a.add(seeds(3));
        start(a, 4, "on-a");
        start(b, 4, "on-b");

        assertThat(b.cancel(study.id())).containsExactly("on-a", "on-b");
        assertThat(a.inFlightJobs()).extracting(StudyStore.InFlight::cancelled).containsOnly(true);
    }

    @Test
    void aStudyOutlivesTheServerThatRanIt() {
        PostgresStudyStore first = replica();
        Study.Snapshot study = first.add(plan(GRID));
        for (int m = 0; m < 8; m++) {
            start(first, 8, "j" + m);
        }
        for (int m = 0; m < 8; m++) {
            first.ended(study.id(), "j" + m, m == 5 ? JobStatus.FAILED : JobStatus.SUCCEEDED, RESULT, target -> 4);
        }
        Study.Snapshot last = first.find(study.id()).orElseThrow();
        first.close();

        Study.Snapshot afterRestart = replica().find(study.id()).orElseThrow();

        assertThat(afterRestart).isEqualTo(last);
        assertThat(afterRestart.status()).isEqualTo(StudyStatus.FAILED);
        assertThat(afterRestart.outcomes().get(5).status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aMembersSpecIsCompiledAgainToTheSameSpecForEveryPreset() {
        PostgresStudyStore store = replica();
        for (String preset : List.of("sigmoid-vs-relu", "initialization", "optimizers", "losses", "architecture",
                "data", "schedules")) {
            StudyPlan plan = plan("{\"preset\":\"" + preset + "\",\"seeds\":[3,4]}");
            store.add(plan);
            for (StudyPlan.Member member : plan.members()) {
                try (StudyStore.Claim claim = store.claim(10_000)) {
                    assertThat(claim.spec()).as(preset).isEqualTo(member.spec());
                    claim.started(preset + "-" + member.point() + "-" + member.seed());
                }
            }
        }
    }
}
