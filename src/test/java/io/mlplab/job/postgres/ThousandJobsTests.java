package io.mlplab.job.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.SpecCompiler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A thousand tiny jobs submitted to two replicas of two workers each: the database's queue hands every job
 * to exactly one worker once, both replicas take part, and every job succeeds.
 */
class ThousandJobsTests {

    static final int JOBS = 1000;

    @Test
    void aThousandJobsOverTwoReplicasRunEachExactlyOnce() throws Exception {
        String url = TestDatabase.create();
        String[] settings = {"--mlp.jobs.workers=2", "--mlp.jobs.queue-capacity=" + JOBS,
            "--mlp.jobs.retained=" + JOBS};
        try (Replica a = Replica.start(url, settings); Replica b = Replica.start(url, settings);
             HikariDataSource pool = TestDatabase.pool(url)) {
            CompiledSpec tiny = a.context.getBean(SpecCompiler.class).compile(
                    io.mlplab.spec.Specs.read("{\"data\":{\"samples\":40},\"training\":{\"epochs\":3}}"));
            // first, one job at a time on idle replicas: how long from its submission to a worker's claim
            List<Double> idleClaims = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = (i % 2 == 0 ? a : b).jobs().submit(tiny).id();
                a.http.awaitEnd(id);
                idleClaims.add(Replica.sql(pool).sql(
                        "select extract(epoch from started_at - created_at) * 1000 from jobs where id = ?")
                        .param(id).query(Double.class).single());
            }
            Replica.sql(pool).sql("delete from jobs").update();
            java.util.Collections.sort(idleClaims);
            double finishedBefore = finished(a) + finished(b);

            long start = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<String>> submitted = new java.util.ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                Replica to = i % 2 == 0 ? a : b;
                submitted.add(clients.submit(() -> to.jobs().submit(tiny).id()));
            }
            for (Future<String> id : submitted) {
                id.get();
            }
            clients.shutdown();
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> Replica.sql(pool)
                    .sql("select count(*) from jobs where status = 'SUCCEEDED'").query(Integer.class).single() == JOBS);
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, Object> totals = Replica.sql(pool).sql("""
                    select count(*) as jobs, min(attempts) as min_attempts, max(attempts) as max_attempts,
                           sum(lost) as lost, count(distinct worker) as workers,
                           sum(case when status = 'SUCCEEDED' then 1 else 0 end) as succeeded
                    from jobs""").query().singleRow();
            Map<String, Integer> byReplica = Replica.sql(pool)
                    .sql("select split_part(worker, '/', 1), count(*) from jobs group by 1")
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2))).list().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            int otherAttempts = Replica.sql(pool).sql("select count(*) from job_history where attempt <> 1")
                    .query(Integer.class).single();
            List<String> ids = submitted.stream().map(ThousandJobsTests::id).toList();
            double finished = finished(a) + finished(b) - finishedBefore;
            List<Double> latencies = Replica.sql(pool).sql("""
                    select extract(epoch from started_at - created_at) from jobs order by sequence limit 20""")
                    .query(Double.class).list();

            assertThat(totals.get("jobs")).isEqualTo((long) JOBS);
            assertThat(totals.get("succeeded")).isEqualTo((long) JOBS);
            assertThat(totals.get("min_attempts")).isEqualTo(1);
            assertThat(totals.get("max_attempts")).isEqualTo(1);
            assertThat(totals.get("lost")).isEqualTo(0L);
            assertThat(totals.get("workers")).isEqualTo(4L);
            assertThat(byReplica).containsOnlyKeys(a.name(), b.name());
            assertThat(byReplica.values()).allMatch(count -> count > 0);
            // one run per job: each history is one attempt's three epochs, and the replicas counted each end once
            assertThat(otherAttempts).isZero();
            assertThat(ids).allSatisfy(id -> assertThat(b.store().history(id, 0, Integer.MAX_VALUE).orElseThrow()
                    .train().epoch()).containsExactly(0, 1, 2));
            assertThat(finished).isEqualTo(JOBS);
            System.out.printf("ThousandJobsTests: %d jobs over 2 replicas x 2 workers: submitted in %.1f s, all "
                    + "succeeded after %.1f s (%.0f jobs/s); by replica %s; first 20 jobs' claim delays %s s; "
                    + "submission to claim on idle replicas, 20 jobs: median %.1f ms, max %.1f ms%n",
                    JOBS, submitSeconds, seconds, JOBS / seconds, byReplica, latencies, idleClaims.get(10),
                    idleClaims.get(19));
        }
    }

    private static String id(Future<String> submitted) {
        try {
            return submitted.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double finished(Replica replica) {
        return replica.context.getBean(MeterRegistry.class).get("mlp.jobs.finished").tag("status", "succeeded")
                .counter().count();
    }
}
