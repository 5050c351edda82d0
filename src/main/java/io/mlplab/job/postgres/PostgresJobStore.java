package io.mlplab.job.postgres;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.StoreProperties;
import io.mlplab.job.DiagnosticsResult;
import io.mlplab.job.History;
import io.mlplab.job.Job;
import io.mlplab.job.JobError;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.job.JobStore;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import io.mlplab.training.kernel.Compute;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs in PostgreSQL, shared by every replica that points at the database ({@code mlp.store.type=postgres};
 * schema in {@code db/migration}). The table {@code jobs} is the queue; {@code job_history} holds each job's
 * history in chunks, {@code job_models} its trained network.
 *
 * <ul>
 *   <li><b>Claim.</b> {@code UPDATE jobs SET status = 'RUNNING', worker = ?, attempts = attempts + 1,
 *       lease_until = now() + lease WHERE id = (SELECT id FROM jobs WHERE status = 'QUEUED' ORDER BY sequence
 *       LIMIT 1 FOR UPDATE SKIP LOCKED)}: the oldest queued job, never the same one for two workers.</li>
 *   <li><b>Leases.</b> Every {@code mlp.store.heartbeat} this replica renews the leases of the jobs it runs
 *       and, like every replica, reaps the expired ones: each goes back in the queue (its chunks dropped, so it
 *       starts again from epoch 0), or ends FAILED with WORKER_LOST once {@code mlp.store.max-attempts} workers
 *       were lost on it. A replica that cannot renew for a whole lease stops its workers: their jobs are
 *       someone else's by then.</li>
 *   <li><b>Guarded writes.</b> A worker's history chunks, its end and its network are written only while
 *       the row still names its worker and attempt, so a worker that lost its lease writes nothing.</li>
 *   <li><b>Notifications.</b> {@code NOTIFY mlp_job_queued} (a job queued or put back) wakes idle workers;
 *       {@code NOTIFY mlp_job_ended} (payload: the id) completes long polls, stops the worker of a job
 *       cancelled elsewhere and calls the end listeners, on every replica. One thread per replica listens
 *       ({@link StoreEvents}).</li>
 * </ul>
 */
public class PostgresJobStore implements JobStore.Shared, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresJobStore.class);

    static final String QUEUED = "mlp_job_queued";
    static final String ENDED = "mlp_job_ended";
    /** Serializes single submissions, so admission counts the queue exactly. */
    private static final long ADMISSION_LOCK = 0x6d6c706a6f627371L;

    static final String COLUMNS = "id, sequence, study, spec, status, epochs, epoch, version, created_at, "
            + "started_at, finished_at, train_loss, test_loss, train_accuracy, test_accuracy, training_millis, "
            + "stop_reason, epochs_completed, diagnostics, error_code, error_message";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SpecCompiler compiler;
    private final JsonMapper json;
    private final Compute compute;
    private final StoreProperties store;
    private final int retained;
    private final String replica;
    private final StoreEvents events;
    /** The jobs this replica's workers hold, by id. */
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    /**
     * Jobs this replica is ending or has just ended (the database's notification of their end not yet heard),
     * with when (nanoTime): their ends are not told to the listener again when the notification comes.
     */
    private final Map<String, Long> endingHere = new ConcurrentHashMap<>();
    /** Long polls waiting here, by job id. */
    private final Map<String, Set<CompletableFuture<Job.Snapshot>>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            StoreEvents.daemon("mlp-store-lease"));
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            StoreEvents.daemon("mlp-store-flush"));
    private volatile JobStore.Events listener;
    /** When this replica last renewed its leases (nanoTime), to stop its workers once they have surely lapsed. */
    private volatile long renewed = System.nanoTime();

    /**
     * @param replica names this replica in the {@code worker} column ({@code replica/thread}); unique among
     *                the replicas that share the database
     */
    public PostgresJobStore(DataSource dataSource, SpecCompiler compiler, JsonMapper json, Compute compute,
                            StoreProperties store, JobsProperties jobs, String replica) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.compiler = compiler;
        this.json = json;
        this.compute = compute;
        this.store = store;
        this.retained = jobs.retained();
        this.replica = replica;
        this.events = new StoreEvents(dataSource, this);
    }

    /** This replica's name, as its workers write it into {@code jobs.worker}. */
    public String replica() {
        return replica;
    }

    // --- records ----------------------------------------------------------------------------------------

    @Override
    public long nextSequence() {
        return jdbc.sql("select nextval('job_sequence')").query(Long.class).single();
    }

    @Override
    public void add(Job job) {
        tx.executeWithoutResult(status -> insert(job));
    }

    @Override
    public boolean admit(Job job, int capacity) {
        Boolean admitted = tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(ADMISSION_LOCK).query().listOfRows();
            int queued = jdbc.sql("select count(*) from jobs where status = 'QUEUED' and study is null")
                    .query(Integer.class).single();
            if (queued >= capacity) {
                return false;
            }
            insert(job);
            return true;
        });
        return Boolean.TRUE.equals(admitted);
    }

    private void insert(Job job) {
        Job.Snapshot s = job.snapshot();
        jdbc.sql("""
                insert into jobs (id, sequence, study, name, spec, status, epochs, history_layers, created_at)
                values (:id, :sequence, :study, :name, cast(:spec as jsonb), 'QUEUED', :epochs, :layers, :created)
                """)
                .param("id", s.id()).param("sequence", s.sequence()).param("study", s.study())
                .param("name", s.name()).param("spec", json.writeValueAsString(s.spec()))
                .param("epochs", s.epochs()).param("layers", job.history(0, 0).layers().size())
                .param("created", time(s.createdAt()))
                .update();
        notify(QUEUED, s.id());
    }

    @Override
    public Optional<Job.Snapshot> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = ?").param(id).query(this::snapshot).optional();
    }

    /** The snapshots of the jobs of {@code ids} that still exist, in no particular order. */
    List<Job.Snapshot> findAll(List<String> ids) {
        return jdbc.sql("select " + COLUMNS + " from jobs where id = any(?)")
                .param(ids.toArray(new String[0])).query(this::snapshot).list();
    }

    @Override
    public Optional<History> history(String id, int from, int to) {
        record Chunk(int layers, byte[] rows) {
        }
        List<Chunk> chunks = jdbc.sql("""
                select j.history_layers, h.rows from jobs j
                left join job_history h on h.job = j.id and h.attempt = j.attempts
                                       and h.to_epoch > :from and h.from_epoch < :to
                where j.id = :id order by h.from_epoch
                """).param("id", id).param("from", from).param("to", to)
                .query((rs, n) -> new Chunk(rs.getInt(1), rs.getBytes(2))).list();
        if (chunks.isEmpty()) {
            return Optional.empty();
        }
        List<History> rows = chunks.stream().filter(c -> c.rows() != null).map(c -> HistoryChunks.decode(c.rows()))
                .toList();
        return Optional.of(HistoryChunks.join(rows, chunks.get(0).layers(), from, to));
    }

    @Override
    public Optional<Job.Trained> trained(String id) {
        Optional<byte[]> network = jdbc.sql("select network from job_models where job = ?").param(id)
                .query((rs, n) -> rs.getBytes(1)).optional();
        if (network.isEmpty()) {
            return Optional.empty();
        }
        return experiment(id).map(experiment -> NetworkBlobs.decode(network.get(), experiment.model(), compute));
    }

    @Override
    public Optional<LiveWeights> liveWeights(String id) {
        Claim claim = claims.get(id);
        return claim == null ? Optional.empty() : Optional.of(claim.job.liveWeights());
    }

    @Override
    public Optional<Experiment> experiment(String id) {
        return jdbc.sql("select spec from jobs where id = ?").param(id)
                .query((rs, n) -> compile(rs.getString(1)).experiment()).optional();
    }

    @Override
    public boolean remove(String id) {
        return jdbc.sql("delete from jobs where id = ?").param(id).update() > 0;
    }

    @Override
    public Page page(Filter filter, Sort sort, int limit, Position after) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from jobs where true");
        Map<String, Object> params = new java.util.HashMap<>();
        if (filter.status() != null) {
            sql.append(" and status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.namePrefix() != null) {
            sql.append(" and starts_with(name, :prefix)");
            params.put("prefix", filter.namePrefix());
        }
        if (filter.study() != null) {
            sql.append(" and study = :study");
            params.put("study", filter.study());
        }
        String unranked = "(test_accuracy is null or test_accuracy = 'NaN'::float8)";
        if (sort == Sort.CREATED) {
            if (after != null) {
                sql.append(" and sequence < :after");
                params.put("after", after.sequence());
            }
            sql.append(" order by sequence desc");
        } else {
            if (after != null && Double.isNaN(after.testAccuracy())) {
                sql.append(" and ").append(unranked).append(" and sequence < :after");
                params.put("after", after.sequence());
            } else if (after != null) {
                sql.append(" and (").append(unranked).append(" or test_accuracy < :accuracy"
                        + " or (test_accuracy = :accuracy and sequence < :after))");
                params.put("after", after.sequence());
                params.put("accuracy", after.testAccuracy());
            }
            sql.append(" order by ").append(unranked).append(", test_accuracy desc, sequence desc");
        }
        sql.append(" limit :limit");
        params.put("limit", limit + 1);
        List<Job.Snapshot> jobs = jdbc.sql(sql.toString()).params(params).query(this::snapshot).list();
        if (jobs.size() <= limit) {
            return new Page(jobs, null);
        }
        List<Job.Snapshot> page = List.copyOf(jobs.subList(0, limit));
        return new Page(page, Position.of(page.get(limit - 1)));
    }

    @Override
    public List<String> active() {
        return jdbc.sql("select id from jobs where status in ('QUEUED', 'RUNNING')").query(String.class).list();
    }

    @Override
    public List<Count> counts() {
        return jdbc.sql("select status, error_code, count(*) from jobs group by status, error_code")
                .query((rs, n) -> new Count(JobStatus.valueOf(rs.getString(1)),
                        rs.getString(2) == null ? null : JobError.Code.valueOf(rs.getString(2)), rs.getInt(3)))
                .list();
    }

    @Override
    public int queued() {
        return jdbc.sql("select count(*) from jobs where status = 'QUEUED'").query(Integer.class).single();
    }

    // --- transitions ------------------------------------------------------------------------------------

    @Override
    public boolean start(Job job, Instant now) {
        String worker = replica + "/" + Thread.currentThread().getName();
        Optional<Integer> attempt = jdbc.sql("""
                update jobs set status = 'RUNNING', worker = :worker, attempts = attempts + 1,
                       started_at = greatest(:now, created_at),
                       lease_until = now() + :lease * interval '1 millisecond', version = version + 1,
                       updated_at = now()
                where id = :id and status = 'QUEUED' returning attempts
                """).param("worker", worker).param("now", time(now)).param("lease", store.lease().toMillis())
                .param("id", job.id()).query(Integer.class).optional();
        attempt.ifPresent(a -> claims.put(job.id(), new Claim(job, worker, a)));
        return attempt.isPresent();
    }

    @Override
    public Optional<Job> claim(String worker) {
        String owner = replica + "/" + worker;
        record Claimed(String id, long sequence, String study, String spec, Instant created, int attempt) {
        }
        Optional<Claimed> claimed = jdbc.sql("""
                update jobs set status = 'RUNNING', worker = :worker, attempts = attempts + 1,
                       started_at = greatest(:now, created_at),
                       lease_until = now() + :lease * interval '1 millisecond', version = version + 1,
                       updated_at = now()
                where id = (select id from jobs where status = 'QUEUED' order by sequence
                            limit 1 for update skip locked)
                returning id, sequence, study, spec, created_at, attempts
                """).param("worker", owner).param("now", time(Instant.now())).param("lease", store.lease().toMillis())
                .query((rs, n) -> new Claimed(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        instant(rs, 5), rs.getInt(6))).optional();
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Claimed c = claimed.get();
        Job job;
        try {
            job = new Job(c.id(), c.sequence(), compile(c.spec()), c.created(), c.study());
        } catch (RuntimeException e) {
            // a spec this version cannot compile any more: the job cannot run anywhere that runs this code
            log.error("Job {} cannot be compiled again; it fails", c.id(), e);
            failUnrunnable(c.id(), owner, c.attempt());
            return Optional.empty();
        }
        claims.put(job.id(), new Claim(job, owner, c.attempt()));
        return Optional.of(job);
    }

    private void failUnrunnable(String id, String worker, int attempt) {
        JobError error = new JobError(JobError.Code.INTERNAL, "the job's spec no longer compiles on this server");
        tx.executeWithoutResult(status -> {
            int ended = jdbc.sql("""
                    update jobs set status = 'FAILED', finished_at = :now, error_code = :code, error_message = :message,
                           lease_until = null, version = version + 1, updated_at = now()
                    where id = :id and worker = :worker and attempts = :attempt and status = 'RUNNING'
                    """).param("now", time(Instant.now())).param("code", error.code().name())
                    .param("message", error.message()).param("id", id).param("worker", worker)
                    .param("attempt", attempt).update();
            if (ended > 0) {
                notify(ENDED, id);
            }
        });
    }

    @Override
    public Optional<Change> cancel(String id, JobError reason, Instant now) {
        endingHere.put(id, System.nanoTime());   // before the commit: its notification may come at once
        Optional<Change> change = tx.execute(status -> {
            Optional<Job.Snapshot> cancelled = jdbc.sql("""
                    update jobs set status = 'CANCELLED', finished_at = greatest(:now, started_at, created_at),
                           error_code = :code,
                           error_message = :message, lease_until = null, version = version + 1, updated_at = now()
                    where id = :id and status in ('QUEUED', 'RUNNING') returning\s""" + COLUMNS)
                    .param("now", time(now)).param("code", reason == null ? null : reason.code().name())
                    .param("message", reason == null ? null : reason.message()).param("id", id)
                    .query(this::snapshot).optional();
            if (cancelled.isPresent()) {
                notify(ENDED, id);
                forgetOldest(cancelled.get());
                return Optional.of(new Change(cancelled.get(), true));
            }
            return find(id).map(job -> new Change(job, false));
        });
        if (change == null || change.isEmpty() || !change.get().changed()) {
            endingHere.remove(id);
        }
        return change;
    }

    @Override
    public boolean finish(Job job, JobStatus terminal, JobResult result, JobError error, Job.Trained trained,
                          Instant now) {
        Claim claim = claims.get(job.id());
        if (claim == null || claim.job != job) {
            return false;   // not this replica's (any more)
        }
        boolean ended = false;
        endingHere.put(job.id(), System.nanoTime());
        try {
            ended = finish(claim, job, terminal, result, error, trained, now);
            return ended;
        } finally {
            if (!ended) {
                endingHere.remove(job.id());
            }
            // only now: until the end is committed, a reader here still finds the run's live weights
            claims.remove(job.id(), claim);
        }
    }

    private boolean finish(Claim claim, Job job, JobStatus terminal, JobResult result, JobError error,
                           Job.Trained trained, Instant now) {
        synchronized (claim) {
            claim.done = true;
            Boolean ended = tx.execute(status -> {
                // the row lock first: a guard that fails writes nothing
                Optional<String> was = jdbc.sql("""
                        select status from jobs where id = :id and worker = :worker and attempts = :attempt
                               and status in ('RUNNING', 'CANCELLED') for update
                        """).param("id", job.id()).param("worker", claim.worker).param("attempt", claim.attempt)
                        .query(String.class).optional();
                if (was.isEmpty()) {
                    return null;
                }
                boolean running = was.get().equals("RUNNING");
                appendChunk(job.id(), claim.attempt, claim.flushed, Integer.MAX_VALUE,
                        job.history(claim.flushed, Integer.MAX_VALUE));
                if (trained != null) {
                    jdbc.sql("""
                            insert into job_models (job, network) values (?, ?)
                            on conflict (job) do update set network = excluded.network
                            """).params(job.id(), NetworkBlobs.encode(trained)).update();
                }
                if (running) {
                    jdbc.sql("""
                            update jobs set status = :status, finished_at = :now, error_code = :code,
                                   error_message = :message, epoch = :epoch, version = version + 1,
                                   lease_until = null, updated_at = now()
                            where id = :id
                            """).param("status", terminal.name()).param("now", time(now))
                            .param("code", error == null ? null : error.code().name())
                            .param("message", error == null ? null : error.message())
                            .param("epoch", job.epochsRecorded()).param("id", job.id()).update();
                } else {
                    // cancelled meanwhile: the status stays, the rows it recorded since are its history
                    jdbc.sql("update jobs set epoch = ? where id = ?").params(job.epochsRecorded(), job.id()).update();
                }
                if (result != null) {
                    // a cancelled job gets the last values reached, once
                    jdbc.sql("""
                            update jobs set train_loss = :trainLoss, test_loss = :testLoss,
                                   train_accuracy = :trainAccuracy, test_accuracy = :testAccuracy,
                                   training_millis = :millis, stop_reason = :stop, epochs_completed = :completed,
                                   diagnostics = cast(:diagnostics as jsonb),
                                   version = version + case when :running then 0 else 1 end
                            where id = :id and stop_reason is null
                            """).param("trainLoss", result.trainLoss()).param("testLoss", result.testLoss())
                            .param("trainAccuracy", result.trainAccuracy()).param("testAccuracy", result.testAccuracy())
                            .param("millis", result.trainingMillis()).param("stop", result.stopReason().name())
                            .param("completed", result.epochsCompleted())
                            .param("diagnostics", result.diagnostics() == null ? null
                                    : json.writeValueAsString(result.diagnostics()))
                            .param("running", running).param("id", job.id()).update();
                }
                if (running) {
                    notify(ENDED, job.id());
                    if (job.study() == null) {
                        forgetOldest(null);
                    }
                }
                return running;
            });
            return Boolean.TRUE.equals(ended);
        }
    }

    @Override
    public int release() {
        int released = 0;
        for (Claim claim : List.copyOf(claims.values())) {
            claims.remove(claim.job.id(), claim);
            synchronized (claim) {
                claim.done = true;
                Boolean back = tx.execute(status -> {
                    int rows = jdbc.sql("""
                            update jobs set status = 'QUEUED', worker = null, started_at = null, epoch = 0,
                                   lease_until = null, version = version + 1, updated_at = now()
                            where id = :id and worker = :worker and attempts = :attempt and status = 'RUNNING'
                            """).param("id", claim.job.id()).param("worker", claim.worker)
                            .param("attempt", claim.attempt).update();
                    if (rows == 0) {
                        return false;
                    }
                    jdbc.sql("delete from job_history where job = ?").param(claim.job.id()).update();
                    notify(QUEUED, claim.job.id());
                    return true;
                });
                if (Boolean.TRUE.equals(back)) {
                    released++;
                }
            }
        }
        return released;
    }

    /** Forgets the finished single jobs beyond the retained number, the one that finished first first. */
    private void forgetOldest(Job.Snapshot ended) {
        if (ended != null && ended.study() != null) {
            return;
        }
        jdbc.sql("""
                delete from jobs where id in (
                    select id from jobs where study is null and finished_at is not null
                    order by finished_at desc, sequence desc offset :retained)
                """).param("retained", retained).update();
    }

    // --- waiting and events -----------------------------------------------------------------------------

    @Override
    public Optional<CompletableFuture<Job.Snapshot>> whenEnded(String id) {
        CompletableFuture<Job.Snapshot> waiter = new CompletableFuture<>();
        // registered before the read: an end that commits after it is notified after it
        waiters.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        Optional<Job.Snapshot> job = find(id);
        if (job.isEmpty()) {
            forget(id, waiter);
            return Optional.empty();
        }
        if (job.get().status().isTerminal()) {
            forget(id, waiter);
            waiter.complete(job.get());
        }
        return Optional.of(waiter);
    }

    @Override
    public void forget(String id, CompletableFuture<Job.Snapshot> waiter) {
        waiters.computeIfPresent(id, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void listen(JobStore.Events events) {
        log.info("Job store: PostgreSQL, shared by every replica on the database; this replica is {} (lease {}, "
                + "heartbeat {}, at most {} lost workers per job, history written every {})", replica,
                store.lease(), store.heartbeat(), store.maxAttempts(), store.historyFlush());
        this.listener = events;
        this.events.start();
        long heartbeat = store.heartbeat().toMillis();
        leases.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long flush = store.historyFlush().toMillis();
        flusher.scheduleWithFixedDelay(this::flushAll, flush, flush, TimeUnit.MILLISECONDS);
    }

    /** On the event thread: the jobs of {@code ids} ended somewhere; tell the waiters and the listener. */
    void ended(List<String> ids) {
        Map<String, Job.Snapshot> found = new java.util.HashMap<>();
        for (Job.Snapshot job : findAll(ids)) {
            found.put(job.id(), job);
        }
        for (String id : ids) {
            Job.Snapshot job = found.get(id);
            if (job != null && !job.status().isTerminal()) {
                continue;   // put back in the queue and claimed again since: not an end any more
            }
            Set<CompletableFuture<Job.Snapshot>> waiting = waiters.remove(id);
            if (waiting != null) {
                // null: deleted before this replica read it; the waiter answers with what there is now
                waiting.forEach(w -> w.complete(job));
            }
            JobStore.Events to = listener;
            if (endingHere.remove(id) != null) {
                continue;   // ended here: this replica's service has told its listeners
            }
            if (job != null && to != null) {
                try {
                    to.ended(job);
                } catch (RuntimeException e) {
                    log.error("Handling the end of job {} failed", id, e);
                }
            }
        }
    }

    /** On the event thread: a job was queued. */
    void announceQueued() {
        JobStore.Events to = listener;
        if (to != null) {
            to.queued();
        }
    }

    /** Ids of the jobs that ended since {@code since} (the database's clock), oldest end first. */
    List<String> endedSince(Instant since) {
        return jdbc.sql("""
                select id from jobs where status in ('SUCCEEDED', 'FAILED', 'CANCELLED') and updated_at >= ?
                order by updated_at
                """).param(time(since)).query(String.class).list();
    }

    /** Ids of the jobs long polls wait for here. */
    List<String> awaited() {
        return List.copyOf(waiters.keySet());
    }

    // --- leases -----------------------------------------------------------------------------------------

    /** Renews this replica's leases, then reaps the cluster's expired ones. */
    private void heartbeat() {
        // an end whose notification never came (connection lost beyond the catch-up): nothing to skip any more
        long stale = System.nanoTime() - StoreEvents.CATCH_UP_MARGIN.multipliedBy(5).toNanos();
        endingHere.values().removeIf(at -> at - stale < 0);
        try {
            renew();
            renewed = System.nanoTime();
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of this replica's jobs: {}", e.toString());
            if (System.nanoTime() - renewed > store.lease().toNanos()) {
                // surely lapsed: another replica may run these jobs now, and nothing this one writes is kept
                claims.values().forEach(this::lost);
            }
        }
        try {
            reap();
        } catch (RuntimeException e) {
            log.warn("Could not look for expired leases: {}", e.toString());
        }
    }

    private void renew() {
        for (Claim claim : List.copyOf(claims.values())) {
            if (claim.lost) {
                continue;
            }
            Optional<String> status = jdbc.sql("""
                    update jobs set lease_until = now() + :lease * interval '1 millisecond'
                    where id = :id and worker = :worker and attempts = :attempt and status in ('RUNNING', 'CANCELLED')
                    returning status
                    """).param("lease", store.lease().toMillis()).param("id", claim.job.id())
                    .param("worker", claim.worker).param("attempt", claim.attempt).query(String.class).optional();
            if (status.isEmpty()) {
                lost(claim);
            }
        }
    }

    private void lost(Claim claim) {
        if (claim.lost || claim.done) {
            return;
        }
        claim.lost = true;
        JobStore.Events to = listener;
        if (to != null) {
            to.lost(claim.job.id());
        }
    }

    /** Expired leases: back in the queue, or FAILED with WORKER_LOST after the last allowed attempt. */
    void reap() {
        int max = store.maxAttempts();
        JobError lost = JobError.workerLost(max);
        record Reaped(String id, String status, String study) {
        }
        List<Reaped> reaped = tx.execute(status -> {
            List<Reaped> rows = jdbc.sql("""
                    with expired as (
                        select id from jobs where status = 'RUNNING' and lease_until < now()
                        for update skip locked)
                    update jobs j set
                        lost = j.lost + 1,
                        status = case when j.lost + 1 >= :max then 'FAILED' else 'QUEUED' end,
                        finished_at = case when j.lost + 1 >= :max then :now end,
                        started_at = case when j.lost + 1 >= :max then j.started_at end,
                        error_code = case when j.lost + 1 >= :max then :code end,
                        error_message = case when j.lost + 1 >= :max then :message end,
                        epoch = case when j.lost + 1 >= :max then j.epoch else 0 end,
                        worker = case when j.lost + 1 >= :max then j.worker end,
                        lease_until = null, version = j.version + 1, updated_at = now()
                    from expired where j.id = expired.id
                    returning j.id, j.status, j.study
                    """).param("max", max).param("now", time(Instant.now())).param("code", lost.code().name())
                    .param("message", lost.message())
                    .query((rs, n) -> new Reaped(rs.getString(1), rs.getString(2), rs.getString(3))).list();
            for (Reaped r : rows) {
                if (r.status().equals("QUEUED")) {
                    jdbc.sql("delete from job_history where job = ?").param(r.id()).update();
                    notify(QUEUED, r.id());
                } else {
                    endingHere.put(r.id(), System.nanoTime());
                    notify(ENDED, r.id());
                }
            }
            if (rows.stream().anyMatch(r -> r.status().equals("FAILED") && r.study() == null)) {
                forgetOldest(null);
            }
            return rows;
        });
        if (reaped == null || reaped.isEmpty()) {
            return;
        }
        log.warn("Leases ran out on {} jobs: {}", reaped.size(), reaped);
        JobStore.Events to = listener;
        for (Reaped r : reaped) {
            if (r.status().equals("FAILED") && to != null) {
                find(r.id()).ifPresent(to::failed);
            }
        }
    }

    // --- history chunks ---------------------------------------------------------------------------------

    /** Writes each running job's new complete epochs. */
    private void flushAll() {
        for (Claim claim : List.copyOf(claims.values())) {
            try {
                flush(claim);
            } catch (RuntimeException e) {
                log.warn("Could not write the history of job {}: {}", claim.job.id(), e.toString());
            }
        }
    }

    /** The rows of every epoch below the last one recorded are complete: they go out as one chunk. */
    void flush(Claim claim) {
        synchronized (claim) {
            if (claim.done || claim.lost) {
                return;
            }
            int complete = claim.job.epochsRecorded() - 1;
            if (complete <= claim.flushed) {
                return;
            }
            History rows = claim.job.history(claim.flushed, complete);
            Boolean written = tx.execute(status -> {
                int mine = jdbc.sql("""
                        update jobs set epoch = :epoch, updated_at = now()
                        where id = :id and worker = :worker and attempts = :attempt and status = 'RUNNING'
                        """).param("epoch", complete).param("id", claim.job.id()).param("worker", claim.worker)
                        .param("attempt", claim.attempt).update();
                if (mine > 0) {
                    appendChunk(claim.job.id(), claim.attempt, claim.flushed, complete, rows);
                }
                return mine > 0;
            });
            // not written: cancelled (the worker's end writes the rest from here) or no longer this replica's
            if (Boolean.TRUE.equals(written)) {
                claim.flushed = complete;
            }
        }
    }

    private void appendChunk(String id, int attempt, int from, int to, History rows) {
        jdbc.sql("insert into job_history (job, attempt, from_epoch, to_epoch, rows) values (?, ?, ?, ?, ?)")
                .params(id, attempt, from, to, HistoryChunks.encode(rows)).update();
    }

    // --- shutdown ---------------------------------------------------------------------------------------

    /**
     * Stops the store's threads (notifications, leases, history writes). It puts nothing back in the queue:
     * that is {@link #release}'s, which the job service calls first on a graceful shutdown.
     */
    @Override
    public void close() {
        flusher.shutdownNow();
        leases.shutdownNow();
        events.close();
    }

    // --- rows -------------------------------------------------------------------------------------------

    private void notify(String channel, String payload) {
        jdbc.sql("select pg_notify(?, ?)").params(channel, payload).query().listOfRows();
    }

    private CompiledSpec compile(String spec) {
        return compiler.compileAccepted(json.readValue(spec, JobSpec.class));
    }

    private Job.Snapshot snapshot(ResultSet rs, int row) throws SQLException {
        JobResult result = null;
        String stop = rs.getString("stop_reason");
        if (stop != null) {
            String diagnostics = rs.getString("diagnostics");
            result = new JobResult(rs.getDouble("train_loss"), rs.getDouble("test_loss"),
                    rs.getDouble("train_accuracy"), rs.getDouble("test_accuracy"), rs.getLong("training_millis"),
                    JobResult.StopReason.valueOf(stop), rs.getInt("epochs_completed"),
                    diagnostics == null ? null : json.readValue(diagnostics, DiagnosticsResult.class));
        }
        String code = rs.getString("error_code");
        JobError error = code == null ? null : new JobError(JobError.Code.valueOf(code), rs.getString("error_message"));
        return new Job.Snapshot(rs.getString("id"), rs.getLong("sequence"),
                json.readValue(rs.getString("spec"), JobSpec.class), JobStatus.valueOf(rs.getString("status")),
                rs.getInt("epoch"), rs.getInt("epochs"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), result, error, rs.getLong("version"), rs.getString("study"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** A job this replica's worker holds: its attempt, and how far its history has been written. */
    static final class Claim {
        final Job job;
        final String worker;
        final int attempt;
        /** Train rows written so far; guarded by this. */
        int flushed;
        /** The worker has written its end (or handed the job back): nothing more to flush. */
        volatile boolean done;
        /** The lease is gone; guarded by this for writes. */
        volatile boolean lost;

        Claim(Job job, String worker, int attempt) {
            this.job = job;
            this.worker = worker;
            this.attempt = attempt;
        }
    }

}
