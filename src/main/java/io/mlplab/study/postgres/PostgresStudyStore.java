package io.mlplab.study.postgres;

import io.mlplab.config.StudiesProperties;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.study.Study;
import io.mlplab.study.StudyNotFoundException;
import io.mlplab.study.StudyPlan;
import io.mlplab.study.StudyStatus;
import io.mlplab.study.StudyStore;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleToIntFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Studies in PostgreSQL ({@code mlp.store.type=postgres}; schema {@code V2__studies.sql}): every replica sees
 * the same studies, and a study outlives the server that accepted it.
 *
 * <p><b>Locks.</b> Every change to a study's members is made in a transaction that holds the lock of the
 * study's row ({@code FOR UPDATE}), so the members of one study change one transaction at a time. Feeding
 * takes a transaction-scoped advisory lock besides, so that only one server at a time counts the members in
 * flight against the cluster's workers and claims one: the count cannot race. A claim then takes the next
 * study in turn order whose row no one else holds ({@code FOR UPDATE SKIP LOCKED}), and holds both locks until
 * it commits the member's job id; a job created in that same transaction (as a job store in this database
 * does) commits with it, so a member becomes a job exactly once.
 *
 * <p><b>Waiting for a study to end.</b> A server completes its own waiters when it ends a study; those waiting
 * on a study that another replica ends are answered by a poll, every {@value #POLL_MILLIS} ms while anyone
 * waits.
 */
@Component
@ConditionalOnProperty(name = "mlp.store.type", havingValue = "postgres")
@DependsOnDatabaseInitialization
class PostgresStudyStore implements StudyStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresStudyStore.class);

    /** The advisory lock of feeding: "mlpstudy" in ASCII, so that it is told apart from other locks. */
    static final long FEED_LOCK = 0x6d6c707374756479L;
    static final long POLL_MILLIS = 250;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final PlatformTransactionManager transactions;
    private final TransactionTemplate transaction;
    private final SpecCompiler compiler;
    private final JsonMapper json;
    private final StudyRows rows;
    /** This server among the feeders. */
    private final String feeder = UUID.randomUUID().toString();
    /** A feeder not seen for this long no longer counts its workers. */
    private final Duration feederTimeout;
    /** When ({@link System#nanoTime}) this server's feeder row was last written, and with how many workers. */
    private volatile long lastHeartbeat;
    private volatile int heartbeatWorkers;

    /** Futures of this server's {@link #await} calls, per study; each list is changed only inside compute. */
    private final Map<String, List<CompletableFuture<Study.Snapshot>>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService waiterThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "study-waiters");
        thread.setDaemon(true);
        return thread;
    });

    PostgresStudyStore(DataSource dataSource, PlatformTransactionManager transactions, SpecCompiler compiler,
                       JsonMapper json, StudiesProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.transaction = new TransactionTemplate(transactions);
        this.compiler = compiler;
        this.json = json;
        this.rows = new StudyRows(json);
        this.feederTimeout = properties.sweepInterval().multipliedBy(3);
        waiterThread.scheduleWithFixedDelay(this::pollWaiters, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops polling and takes this server's workers out of the cluster's count at once. */
    @PreDestroy
    void close() {
        waiterThread.shutdownNow();
        try {
            jdbc.sql("DELETE FROM study_feeders WHERE id = ?").param(feeder).update();
        } catch (RuntimeException e) {
            log.debug("Could not remove feeder {}; it times out after {}", feeder, feederTimeout, e);
        }
    }

    @Override
    public Study.Snapshot add(StudyPlan plan) {
        String id = UUID.randomUUID().toString();
        return transaction.execute(tx -> {
            jdbc.sql("""
                    INSERT INTO studies (id, name, preset, base, grid, seeds, target_loss, points, status, turn)
                    VALUES (:id, :name, :preset, CAST(:base AS json), CAST(:grid AS json), CAST(:seeds AS json),
                            :targetLoss, CAST(:points AS json), 'QUEUED', nextval('study_turns'))""")
                    .param("id", id)
                    .param("name", plan.name())
                    .param("preset", plan.preset())
                    .param("base", rows.write(plan.base()))
                    .param("grid", rows.write(plan.grid()))
                    .param("seeds", plan.seeds() == null ? null : rows.write(plan.seeds()))
                    .param("targetLoss", plan.targetLoss())
                    .param("points", rows.write(plan.points()))
                    .update();
            List<Object[]> members = new ArrayList<>();
            for (int m = 0; m < plan.members().size(); m++) {
                StudyPlan.Member member = plan.members().get(m);
                members.add(new Object[] {id, m, member.point(), member.seed(), rows.write(member.spec().spec())});
            }
            batch.batchUpdate("INSERT INTO study_members (study_id, member, point, seed, spec) "
                    + "VALUES (?, ?, ?, ?, CAST(? AS json))", members);
            return load(id);
        });
    }

    @Override
    public Optional<Study.Snapshot> find(String id) {
        return Optional.ofNullable(load(id));
    }

    @Override
    public Page page(int limit, Long before) {
        List<Study.Snapshot> studies = rows.read(jdbc, "WHERE sequence < :before ORDER BY sequence DESC LIMIT :limit",
                Map.of("before", before == null ? Long.MAX_VALUE : before, "limit", limit + 1));
        if (studies.size() <= limit) {
            return new Page(studies, null);
        }
        List<Study.Snapshot> page = studies.subList(0, limit);
        return new Page(List.copyOf(page), page.get(limit - 1).sequence());
    }

    // --- feeding -----------------------------------------------------------------------------------------

    @Override
    public Claim claim(int workers) {
        TransactionStatus tx = transactions.getTransaction(TransactionDefinition.withDefaults());
        try {
            jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)").param(FEED_LOCK).query(Integer.class).single();
            heartbeat(workers);
            long capacity = jdbc.sql("""
                    SELECT coalesce(sum(workers), 0) FROM study_feeders
                    WHERE seen_at > now() - make_interval(secs => :timeout)""")
                    .param("timeout", feederTimeout.toMillis() / 1000.0).query(Long.class).single();
            if (inFlight() >= capacity) {
                transactions.commit(tx);
                return null;
            }
            Optional<String> study = jdbc.sql("""
                    SELECT s.id FROM studies s
                    WHERE EXISTS (SELECT 1 FROM study_members m
                                  WHERE m.study_id = s.id AND m.job_id IS NULL AND m.status IS NULL)
                    ORDER BY s.turn LIMIT 1 FOR UPDATE SKIP LOCKED""").query(String.class).optional();
            if (study.isEmpty()) {
                transactions.commit(tx);
                return null;
            }
            Map<String, Object> member = jdbc.sql("""
                    SELECT member, spec::text AS spec FROM study_members
                    WHERE study_id = ? AND job_id IS NULL AND status IS NULL ORDER BY member LIMIT 1""")
                    .param(study.get()).query().singleRow();
            return new RowClaim(tx, study.get(), (Integer) member.get("member"), (String) member.get("spec"));
        } catch (RuntimeException e) {
            transactions.rollback(tx);
            throw e;
        }
    }

    /**
     * Refreshes this server's row among the feeders when a third of the time after which it would stop counting
     * has passed (or its workers changed), so that most claims write nothing and commit without a flush.
     */
    private void heartbeat(int workers) {
        long now = System.nanoTime();
        long last = lastHeartbeat;
        if (workers == heartbeatWorkers && last != 0 && now - last < feederTimeout.toNanos() / 3) {
            return;
        }
        jdbc.sql("""
                INSERT INTO study_feeders (id, workers, seen_at) VALUES (:id, :workers, now())
                ON CONFLICT (id) DO UPDATE SET workers = excluded.workers, seen_at = excluded.seen_at""")
                .param("id", feeder).param("workers", workers).update();
        // the rows of servers that died without removing theirs count no more; forget them
        jdbc.sql("DELETE FROM study_feeders WHERE seen_at < now() - make_interval(secs => ?)")
                .param(feederTimeout.toMillis() / 1000.0).update();
        // counted from before the write: the row may be older than this, never younger
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                lastHeartbeat = now;
                heartbeatWorkers = workers;
            }
        });
    }

    /** A waiting member, with the feeding lock and its study's row lock held by an open transaction. */
    private final class RowClaim implements Claim {

        private final TransactionStatus tx;
        private final String study;
        private final int member;
        private final String spec;
        private boolean settled;
        private Study.Snapshot ended;

        RowClaim(TransactionStatus tx, String study, int member, String spec) {
            this.tx = tx;
            this.study = study;
            this.member = member;
            this.spec = spec;
        }

        @Override
        public String study() {
            return study;
        }

        @Override
        public CompiledSpec spec() {
            return compiler.compile(json.readValue(spec, JobSpec.class));
        }

        @Override
        public void started(String job) {
            jdbc.sql("UPDATE study_members SET job_id = ? WHERE study_id = ? AND member = ?")
                    .params(job, study, member).update();
            jdbc.sql("""
                    UPDATE studies SET status = CASE WHEN status = 'QUEUED' THEN 'RUNNING' ELSE status END,
                                       turn = nextval('study_turns')
                    WHERE id = ?""").param(study).update();
            settled = true;
        }

        @Override
        public void putBack() {
            settled = true;   // nothing changed: the member still waits, and its study keeps its turn
        }

        @Override
        public Study.Snapshot failed() {
            jdbc.sql("UPDATE study_members SET status = 'FAILED' WHERE study_id = ? AND member = ?")
                    .params(study, member).update();
            jdbc.sql("UPDATE studies SET turn = nextval('study_turns') WHERE id = ?").param(study).update();
            ended = finishIfDone(study);
            settled = true;
            return ended;
        }

        @Override
        public void close() {
            if (settled) {
                transactions.commit(tx);
                publish(ended);
            } else {
                transactions.rollback(tx);
            }
        }
    }

    @Override
    public Study.Snapshot ended(String study, String job, JobStatus status, JobResult result,
                                DoubleToIntFunction epochsToTarget) {
        Optional<Active> member = active(study, job);
        if (member.isEmpty()) {
            // not a member yet, or never: a claim may still be recording this job, and the share lock of the
            // study's row waits for it, as the memory store's feed lock does
            member = transaction.execute(tx -> lock(study, "FOR SHARE") ? active(study, job) : Optional.empty());
        }
        if (member.isEmpty() || !member.get().active()) {
            return null;
        }
        double target = member.get().targetLoss();
        int epochs = epochsToTarget.applyAsInt(target);   // reads the job's history: outside any lock
        Study.Snapshot finished = transaction.execute(tx -> {
            if (!lock(study, "FOR UPDATE")) {
                return null;
            }
            int recorded = jdbc.sql("""
                    UPDATE study_members SET status = :status, train_loss = :trainLoss, test_loss = :testLoss,
                        train_accuracy = :trainAccuracy, test_accuracy = :testAccuracy,
                        training_millis = :trainingMillis, stop_reason = :stopReason,
                        epochs_completed = :epochsCompleted, diagnostics = CAST(:diagnostics AS json),
                        epochs_to_target = :epochsToTarget
                    WHERE study_id = :study AND job_id = :job AND status IS NULL""")
                    .params(rows.outcome(status, result, epochs))
                    .param("study", study).param("job", job).update();
            // none: another replica recorded it meanwhile
            return recorded == 0 ? null : finishIfDone(study);
        });
        publish(finished);
        return finished;
    }

    @Override
    public List<String> cancel(String id) {
        return transaction.execute(tx -> {
            String status = jdbc.sql("SELECT status FROM studies WHERE id = ? FOR UPDATE").param(id)
                    .query(String.class).optional().orElseThrow(() -> StudyNotFoundException.forId(id));
            if (StudyStatus.valueOf(status).isTerminal()) {
                return null;
            }
            jdbc.sql("UPDATE studies SET cancelled = true WHERE id = ?").param(id).update();
            jdbc.sql("UPDATE study_members SET status = 'CANCELLED' WHERE study_id = ? AND job_id IS NULL AND status IS NULL")
                    .param(id).update();
            return jdbc.sql("""
                    SELECT job_id FROM study_members WHERE study_id = ? AND job_id IS NOT NULL AND status IS NULL
                    ORDER BY member""").param(id).query(String.class).list();
        });
    }

    @Override
    public Study.Snapshot settle(String id) {
        Study.Snapshot finished = transaction.execute(tx -> lock(id, "FOR UPDATE") ? finishIfDone(id) : null);
        publish(finished);
        return finished;
    }

    @Override
    public Optional<Study.Snapshot> remove(String id) {
        return Optional.ofNullable(transaction.execute(tx -> {
            if (!lock(id, "FOR UPDATE")) {
                return null;
            }
            Study.Snapshot last = load(id);
            jdbc.sql("DELETE FROM studies WHERE id = ?").param(id).update();
            return last;
        }));
    }

    @Override
    public List<Study.Snapshot> evict(int retained) {
        return transaction.execute(tx -> {
            // which ones, counted without locks (a skipped row would shift the offset), then those no one holds
            List<String> beyond = jdbc.sql("""
                    SELECT id FROM studies WHERE finished_at IS NOT NULL
                    ORDER BY finished_at DESC, sequence DESC OFFSET ?""").param(retained).query(String.class).list();
            if (beyond.isEmpty()) {
                return List.of();
            }
            List<String> ids = jdbc.sql("SELECT id FROM studies WHERE id IN (:ids) FOR UPDATE SKIP LOCKED")
                    .param("ids", beyond).query(String.class).list();
            if (ids.isEmpty()) {
                return List.of();
            }
            List<Study.Snapshot> gone = rows.read(jdbc, "WHERE id IN (:ids) ORDER BY finished_at, sequence",
                    Map.of("ids", ids));
            jdbc.sql("DELETE FROM studies WHERE id IN (:ids)").param("ids", ids).update();
            return gone;
        });
    }

    // --- waiting -----------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Study.Snapshot> await(String id, Duration wait) {
        Study.Snapshot now = find(id).orElseThrow(() -> StudyNotFoundException.forId(id));
        if (wait.isZero() || wait.isNegative() || now.status().isTerminal()) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Study.Snapshot> ended = new CompletableFuture<>();
        waiters.compute(id, (key, list) -> {
            List<CompletableFuture<Study.Snapshot>> futures = list == null ? new ArrayList<>() : list;
            futures.add(ended);
            return futures;
        });
        // the read after a timeout runs on the waiters' thread, not on the JDK's timer thread
        return ended.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(snapshot -> {
                    forget(id, ended);
                    return snapshot != null ? snapshot : find(id).orElse(now);
                }, waiterThread);
    }

    private void forget(String id, CompletableFuture<Study.Snapshot> waiter) {
        waiters.computeIfPresent(id, (key, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    /** Completes this server's waiters on a study that has just ended here. */
    private void publish(Study.Snapshot study) {
        if (study != null) {
            List<CompletableFuture<Study.Snapshot>> futures = waiters.remove(study.id());
            if (futures != null) {
                futures.forEach(future -> future.complete(study));
            }
        }
    }

    /** Completes the waiters on studies that ended anywhere. */
    private void pollWaiters() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            List<String> ended = jdbc.sql("SELECT id FROM studies WHERE id IN (:ids) AND finished_at IS NOT NULL")
                    .param("ids", List.copyOf(waiters.keySet())).query(String.class).list();
            for (String id : ended) {
                find(id).ifPresent(this::publish);
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the awaited studies; trying again in {} ms", POLL_MILLIS, e);
        }
    }

    // --- counts and the sweep ------------------------------------------------------------------------------

    @Override
    public long active() {
        return jdbc.sql("SELECT count(*) FROM studies WHERE finished_at IS NULL").query(Long.class).single();
    }

    @Override
    public long waiting() {
        return jdbc.sql("SELECT count(*) FROM study_members WHERE job_id IS NULL AND status IS NULL")
                .query(Long.class).single();
    }

    @Override
    public long inFlight() {
        return jdbc.sql("SELECT count(*) FROM study_members WHERE job_id IS NOT NULL AND status IS NULL")
                .query(Long.class).single();
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public List<InFlight> inFlightJobs() {
        return jdbc.sql("""
                SELECT m.study_id, m.job_id, s.cancelled FROM study_members m JOIN studies s ON s.id = m.study_id
                WHERE m.job_id IS NOT NULL AND m.status IS NULL ORDER BY s.sequence, m.member""")
                .query((rs, n) -> new InFlight(rs.getString("study_id"), rs.getString("job_id"),
                        rs.getBoolean("cancelled")))
                .list();
    }

    @Override
    public List<String> unsettled() {
        return jdbc.sql("""
                SELECT s.id FROM studies s WHERE s.finished_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.id AND m.status IS NULL)
                ORDER BY s.sequence""").query(String.class).list();
    }

    // --- helpers -----------------------------------------------------------------------------------------

    /** Whether the job is a member of the study that has not ended yet, and the study's target loss. */
    private record Active(boolean active, double targetLoss) {
    }

    private Optional<Active> active(String study, String job) {
        return jdbc.sql("""
                SELECT m.status IS NULL AS active, s.target_loss FROM study_members m JOIN studies s ON s.id = m.study_id
                WHERE m.study_id = ? AND m.job_id = ?""").params(study, job)
                .query((rs, n) -> new Active(rs.getBoolean("active"), rs.getDouble("target_loss"))).optional();
    }

    /** Locks the study's row for the rest of the transaction; false if there is no such study. */
    private boolean lock(String id, String mode) {
        return jdbc.sql("SELECT 1 FROM studies WHERE id = ? " + mode).param(id).query(Integer.class).optional()
                .isPresent();
    }

    /**
     * Ends the study if every member has: CANCELLED after a cancel, SUCCEEDED if every member succeeded, FAILED
     * otherwise. Call with the study's row locked; the snapshot if this ended it, else null.
     */
    private Study.Snapshot finishIfDone(String id) {
        int finished = jdbc.sql("""
                UPDATE studies s SET finished_at = now(), status = CASE
                    WHEN s.cancelled THEN 'CANCELLED'
                    WHEN EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.id AND m.status <> 'SUCCEEDED')
                        THEN 'FAILED'
                    ELSE 'SUCCEEDED' END
                WHERE s.id = ? AND s.finished_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM study_members m WHERE m.study_id = s.id AND m.status IS NULL)""")
                .param(id).update();
        return finished == 0 ? null : load(id);
    }

    private Study.Snapshot load(String id) {
        List<Study.Snapshot> found = rows.read(jdbc, "WHERE id = :id", Map.of("id", id));
        return found.isEmpty() ? null : found.get(0);
    }
}
