package io.mlplab.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlplab.job.DiagnosticsResult;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StudyStore} does, run on each: {@code InMemoryStudyStoreTests} and, against a real
 * PostgreSQL, {@code PostgresStudyStoreTests}. The job service is not involved: the tests play its part,
 * naming jobs and reporting their ends.
 */
public abstract class StudyStoreContract {

    /** Eight members: two activations x two depths x seeds 1 and 2. */
    protected static final String GRID = "{\"name\":\"grid\",\"base\":{\"training\":{\"epochs\":5}},\"grid\":{"
            + "\"model.activation\":[\"sigmoid\",\"relu\"],\"model.hiddenLayers\":[[16],[16,32]]},\"seeds\":[1,2],"
            + "\"targetLoss\":0.2}";

    /** A fresh store with no studies. */
    protected abstract StudyStore newStore();

    /** The plan of a study request, as the service makes it. */
    protected static StudyPlan plan(String request) {
        return StudyPlan.of(Specs.JSON.readValue(request, StudyRequest.class), Specs.compiler(Specs.LIMITS, Specs.JOBS),
                Specs.JSON, 500);
    }

    /** {@code members} members, seeds 1 to {@code members}, of a base spec of five epochs. */
    protected static StudyPlan seeds(int members) {
        StringBuilder seeds = new StringBuilder();
        for (int s = 1; s <= members; s++) {
            seeds.append(s == 1 ? "" : ",").append(s);
        }
        return plan("{\"base\":{\"training\":{\"epochs\":5}},\"seeds\":[" + seeds + "]}");
    }

    /** A result with a value that is not finite and diagnostics with a layer whose gradient never vanished. */
    protected static final JobResult RESULT = new JobResult(0.125, Double.NaN, 1.0, 0.46, 321,
            JobResult.StopReason.DIVERGED, 17, new DiagnosticsResult(Arrays.asList(null, 3), true, 2, null));

    /** Claims and starts the next member as job {@code job}; the spec it had. */
    protected static JobSpec start(StudyStore store, int workers, String job) {
        try (StudyStore.Claim claim = store.claim(workers)) {
            assertThat(claim).as("a member to claim for " + job).isNotNull();
            JobSpec spec = claim.spec().spec();
            claim.started(job);
            return spec;
        }
    }

    @Test
    void aStudyIsKeptAsPlannedWithEveryMemberWaiting() {
        StudyStore store = newStore();
        StudyPlan plan = plan(GRID);
        Instant before = Instant.now().minusSeconds(1);

        Study.Snapshot added = store.add(plan);

        assertThat(added.id()).isNotBlank();
        assertThat(added.status()).isEqualTo(StudyStatus.QUEUED);
        assertThat(added.createdAt()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(added.finishedAt()).isNull();
        assertThat(added.done()).isZero();
        assertThat(added.jobs()).hasSize(8).containsOnlyNulls();
        assertThat(added.outcomes()).hasSize(8).containsOnlyNulls();
        Study.Snapshot found = store.find(added.id()).orElseThrow();
        assertThat(found).isEqualTo(added);
        StudyPlan kept = found.plan();
        assertThat(kept.name()).isEqualTo("grid");
        assertThat(kept.preset()).isNull();
        assertThat(kept.base()).isEqualTo(plan.base());
        assertThat(kept.grid()).isEqualTo(plan.grid());
        assertThat(kept.grid().keySet()).containsExactly("model.activation", "model.hiddenLayers");
        assertThat(kept.seeds()).containsExactly(1L, 2L);
        assertThat(kept.targetLoss()).isEqualTo(0.2);
        assertThat(kept.points()).isEqualTo(plan.points());
        assertThat(kept.points().get(1).keySet()).containsExactly("model.activation", "model.hiddenLayers");
        for (int m = 0; m < 8; m++) {
            assertThat(kept.members().get(m).point()).isEqualTo(plan.members().get(m).point());
            assertThat(kept.members().get(m).seed()).isEqualTo(plan.members().get(m).seed());
        }
        assertThat(StudyResponse.of(found, true)).isEqualTo(StudyResponse.of(new Study.Snapshot(added.id(),
                added.sequence(), plan, added.status(), added.createdAt(), null, added.jobs(), added.outcomes(), 0), true));
        assertThat(store.active()).isEqualTo(1);
        assertThat(store.waiting()).isEqualTo(8);
        assertThat(store.inFlight()).isZero();
        assertThat(store.find("no-such-study")).isEmpty();
    }

    @Test
    void aPresetKeepsItsNameAndNoSeeds() {
        StudyStore store = newStore();

        Study.Snapshot study = store.find(store.add(plan("{\"preset\":\"sigmoid-vs-relu\"}")).id()).orElseThrow();

        assertThat(study.plan().preset()).isEqualTo("sigmoid-vs-relu");
        assertThat(study.plan().name()).isEqualTo("sigmoid-vs-relu");
        assertThat(study.plan().seeds()).isNull();
        assertThat(study.plan().members()).extracting(StudyPlan.Member::seed).containsOnly(JobSpec.SEED);
    }

    @Test
    void studiesAreListedNewestFirstAPageAtATime() {
        StudyStore store = newStore();
        Study.Snapshot a = store.add(seeds(1));
        Study.Snapshot b = store.add(seeds(1));
        Study.Snapshot c = store.add(seeds(1));

        StudyStore.Page first = store.page(2, null);
        StudyStore.Page second = store.page(2, first.next());

        assertThat(first.studies()).extracting(Study.Snapshot::id).containsExactly(c.id(), b.id());
        assertThat(first.next()).isEqualTo(b.sequence());
        assertThat(second.studies()).extracting(Study.Snapshot::id).containsExactly(a.id());
        assertThat(second.next()).isNull();
        assertThat(store.page(3, null).next()).isNull();
        assertThat(a.sequence()).isLessThan(b.sequence());
    }

    @Test
    void membersAreClaimedInOrderStudiesTakingTurnsUpToTheWorkers() {
        StudyStore store = newStore();
        StudyPlan plan = plan(GRID);
        StudyPlan other = seeds(3);
        Study.Snapshot a = store.add(plan);
        Study.Snapshot b = store.add(other);

        assertThat(start(store, 3, "a0")).isEqualTo(plan.members().get(0).spec().spec());
        assertThat(start(store, 3, "b0")).isEqualTo(other.members().get(0).spec().spec());
        assertThat(start(store, 3, "a1")).isEqualTo(plan.members().get(1).spec().spec());
        assertThat(store.claim(3)).isNull();

        assertThat(store.inFlight()).isEqualTo(3);
        assertThat(store.waiting()).isEqualTo(8);
        Study.Snapshot running = store.find(a.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(StudyStatus.RUNNING);
        assertThat(running.jobs()).containsExactly("a0", "a1", null, null, null, null, null, null);
        assertThat(store.find(b.id()).orElseThrow().jobs()).containsExactly("b0", null, null);
        // one more worker: b's turn
        assertThat(start(store, 4, "b1")).isEqualTo(other.members().get(1).spec().spec());
    }

    @Test
    void aMemberPutBackWaitsAtTheFrontAndItsStudyKeepsItsTurn() {
        StudyStore store = newStore();
        StudyPlan plan = seeds(2);
        StudyPlan other = seeds(2);
        Study.Snapshot a = store.add(plan);
        Study.Snapshot b = store.add(other);

        try (StudyStore.Claim claim = store.claim(4)) {
            assertThat(claim.study()).isEqualTo(a.id());
            claim.putBack();
        }

        try (StudyStore.Claim claim = store.claim(4)) {
            assertThat(claim.study()).isEqualTo(a.id());
            assertThat(claim.spec().spec()).isEqualTo(plan.members().get(0).spec().spec());
            claim.started("a0");
        }
        try (StudyStore.Claim claim = store.claim(4)) {
            assertThat(claim.study()).isEqualTo(b.id());
            claim.started("b0");
        }
        assertThat(store.waiting()).isEqualTo(2);
    }

    @Test
    void anEndIsRecordedOnceAndFreesAPlace() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(plan("{\"base\":{\"training\":{\"epochs\":5}},\"seeds\":[1,2],\"targetLoss\":0.3}"));
        start(store, 2, "j1");
        start(store, 2, "j2");
        List<Double> targets = new ArrayList<>();

        Study.Snapshot first = store.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> {
            targets.add(target);
            return 7;
        });

        assertThat(first).as("one of two members ended: the study goes on").isNull();
        assertThat(targets).containsExactly(0.3);
        assertThat(store.inFlight()).isEqualTo(1);
        Study.Snapshot running = store.find(study.id()).orElseThrow();
        assertThat(running.outcomes().get(0)).isEqualTo(new Study.Outcome("j1", JobStatus.SUCCEEDED, RESULT, 7));
        assertThat(running.outcomes().get(1)).isNull();
        assertThat(running.done()).isEqualTo(1);
        assertThat(running.status()).isEqualTo(StudyStatus.RUNNING);

        // every replica may report every end: the second report changes nothing and asks nothing
        assertThat(store.ended(study.id(), "j1", JobStatus.FAILED, null, target -> {
            throw new AssertionError("asked for an ended member");
        })).isNull();
        assertThat(store.ended(study.id(), "no-such-job", JobStatus.FAILED, null, target -> -1)).isNull();
        assertThat(store.ended("no-such-study", "j2", JobStatus.FAILED, null, target -> -1)).isNull();
        assertThat(store.find(study.id()).orElseThrow()).isEqualTo(running);

        Study.Snapshot ended = store.ended(study.id(), "j2", JobStatus.FAILED, null, target -> -1);

        assertThat(ended.status()).isEqualTo(StudyStatus.FAILED);
        assertThat(ended.done()).isEqualTo(2);
        assertThat(ended.finishedAt()).isAfterOrEqualTo(ended.createdAt());
        assertThat(ended.outcomes().get(1)).isEqualTo(new Study.Outcome("j2", JobStatus.FAILED, null, -1));
        assertThat(store.find(study.id()).orElseThrow()).isEqualTo(ended);
        assertThat(store.inFlight()).isZero();
        assertThat(store.active()).isZero();
    }

    @Test
    void anEndReportedWhileItsClaimIsOpenIsRecordedOnceTheClaimCloses() throws Exception {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch close = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<?> claimer = threads.submit(() -> {
            try (StudyStore.Claim claim = store.claim(1)) {
                claim.started("j1");
                started.countDown();
                close.await();
            }
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // a job that ends at once, before the claim that made it has recorded it
        Future<Study.Snapshot> end = threads.submit(() ->
                store.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> 2));
        try {
            Thread.sleep(200);
            assertThat(end).as("waits for the claim").isNotDone();
        } finally {
            close.countDown();
        }

        claimer.get(10, TimeUnit.SECONDS);
        Study.Snapshot ended = end.get(10, TimeUnit.SECONDS);
        threads.shutdown();
        assertThat(ended.status()).isEqualTo(StudyStatus.SUCCEEDED);
        assertThat(ended.outcomes()).containsExactly(new Study.Outcome("j1", JobStatus.SUCCEEDED, RESULT, 2));
    }

    @Test
    void aStudyWhoseMembersAllSucceedSucceeds() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(1));
        start(store, 1, "j1");

        Study.Snapshot ended = store.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> 3);

        assertThat(ended.status()).isEqualTo(StudyStatus.SUCCEEDED);
        assertThat(StudyResponse.rows(ended).get(0).succeeded()).isEqualTo(1);
    }

    @Test
    void aMemberThatNoLongerCompilesFailsWithoutAJob() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(2));

        try (StudyStore.Claim claim = store.claim(2)) {
            assertThat(claim.failed()).as("one member left").isNull();
        }
        Study.Snapshot ended;
        try (StudyStore.Claim claim = store.claim(2)) {
            ended = claim.failed();
        }

        assertThat(ended.status()).isEqualTo(StudyStatus.FAILED);
        assertThat(ended.outcomes()).containsOnly(new Study.Outcome(null, JobStatus.FAILED, null, -1));
        assertThat(store.find(study.id()).orElseThrow()).isEqualTo(ended);
        assertThat(store.claim(2)).isNull();
    }

    @Test
    void aCancelEndsTheWaitingMembersAndNamesTheActiveJobs() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(4));
        start(store, 2, "j1");
        start(store, 2, "j2");

        List<String> active = store.cancel(study.id());

        assertThat(active).containsExactly("j1", "j2");
        assertThat(store.waiting()).isZero();
        assertThat(store.claim(10)).isNull();
        Study.Snapshot cancelling = store.find(study.id()).orElseThrow();
        assertThat(cancelling.status().isTerminal()).isFalse();
        assertThat(cancelling.outcomes().subList(2, 4)).containsOnly(new Study.Outcome(null, JobStatus.CANCELLED, null, -1));
        assertThat(cancelling.done()).isEqualTo(2);
        assertThat(store.settle(study.id())).as("two members still active").isNull();
        assertThat(store.unsettled()).isEmpty();
        assertThat(store.inFlightJobs()).containsExactly(new StudyStore.InFlight(study.id(), "j1", true),
                new StudyStore.InFlight(study.id(), "j2", true));

        assertThat(store.ended(study.id(), "j1", JobStatus.CANCELLED, null, target -> -1)).isNull();
        Study.Snapshot ended = store.ended(study.id(), "j2", JobStatus.CANCELLED, RESULT, target -> -1);

        assertThat(ended.status()).isEqualTo(StudyStatus.CANCELLED);
        assertThat(store.settle(study.id())).isNull();
        assertThat(store.cancel(study.id())).as("already ended").isNull();
    }

    @Test
    void aCancelThatLeavesNothingActiveIsSettled() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(3));

        assertThat(store.cancel(study.id())).isEmpty();
        assertThat(store.unsettled()).containsExactly(study.id());

        Study.Snapshot ended = store.settle(study.id());

        assertThat(ended.status()).isEqualTo(StudyStatus.CANCELLED);
        assertThat(ended.done()).isEqualTo(3);
        assertThat(store.settle(study.id())).isNull();
        assertThat(store.unsettled()).isEmpty();
        assertThat(store.settle("no-such-study")).isNull();
    }

    @Test
    void anUnknownStudyIsNotFound() {
        StudyStore store = newStore();

        assertThatThrownBy(() -> store.cancel("no-such-study")).isInstanceOf(StudyNotFoundException.class);
        assertThatThrownBy(() -> store.await("no-such-study", Duration.ofSeconds(1)))
                .isInstanceOf(StudyNotFoundException.class);
        assertThat(store.remove("no-such-study")).isEmpty();
    }

    @Test
    void aRemovedStudyIsForgottenAndItsLastStateGiven() {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(2));
        Study.Snapshot other = store.add(seeds(1));
        start(store, 2, "j1");

        Study.Snapshot last = store.remove(study.id()).orElseThrow();

        assertThat(last.jobs()).containsExactly("j1", null);
        assertThat(store.find(study.id())).isEmpty();
        assertThat(store.remove(study.id())).isEmpty();
        assertThat(store.page(10, null).studies()).extracting(Study.Snapshot::id).containsExactly(other.id());
        assertThat(store.waiting()).isEqualTo(1);
    }

    @Test
    void theOldestFinishedStudiesBeyondTheRetainedAreEvicted() {
        StudyStore store = newStore();
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            String id = store.add(seeds(1)).id();
            store.cancel(id);
            store.settle(id);
            ids.add(id);
        }
        String active = store.add(seeds(1)).id();

        List<Study.Snapshot> evicted = store.evict(2);

        assertThat(evicted).extracting(Study.Snapshot::id).containsExactly(ids.get(0));
        assertThat(evicted.get(0).status()).isEqualTo(StudyStatus.CANCELLED);
        assertThat(store.find(ids.get(0))).isEmpty();
        assertThat(store.find(ids.get(1))).isPresent();
        assertThat(store.find(ids.get(2))).isPresent();
        assertThat(store.find(active)).isPresent();
        assertThat(store.evict(2)).isEmpty();
        assertThat(store.evict(1)).extracting(Study.Snapshot::id).containsExactly(ids.get(1));
    }

    @Test
    void awaitAnswersAsSoonAsTheStudyEnds() throws Exception {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(1));
        start(store, 1, "j1");
        CompletableFuture<Study.Snapshot> waiting = store.await(study.id(), Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();

        store.ended(study.id(), "j1", JobStatus.SUCCEEDED, RESULT, target -> -1);

        assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(StudyStatus.SUCCEEDED);
        assertThat(store.await(study.id(), Duration.ofSeconds(30))).isCompletedWithValueMatching(
                s -> s.status() == StudyStatus.SUCCEEDED);
    }

    @Test
    void awaitAnswersAfterItsWaitWithTheStudyAsItIsThen() throws Exception {
        StudyStore store = newStore();
        Study.Snapshot study = store.add(seeds(2));
        assertThat(store.await(study.id(), Duration.ZERO)).isCompletedWithValueMatching(
                s -> s.status() == StudyStatus.QUEUED);
        CompletableFuture<Study.Snapshot> waiting = store.await(study.id(), Duration.ofMillis(300));

        start(store, 1, "j1");

        Study.Snapshot answer = waiting.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(StudyStatus.RUNNING);
        assertThat(answer.jobs()).containsExactly("j1", null);
    }

    @Test
    void theMembersInFlightNameTheirStudyAndWhetherItWasCancelled() {
        StudyStore store = newStore();
        Study.Snapshot a = store.add(seeds(2));
        start(store, 3, "a1");
        start(store, 3, "a2");
        Study.Snapshot b = store.add(seeds(2));
        start(store, 3, "b1");
        store.ended(a.id(), "a1", JobStatus.SUCCEEDED, RESULT, target -> -1);

        store.cancel(b.id());

        assertThat(store.inFlightJobs()).containsExactlyInAnyOrder(new StudyStore.InFlight(a.id(), "a2", false),
                new StudyStore.InFlight(b.id(), "b1", true));
    }

    @Test
    void concurrentFeedersClaimEveryMemberOnceAndNeverExceedTheWorkers() throws Exception {
        StudyStore store = newStore();
        List<String> studies = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            studies.add(store.add(seeds(10)).id());
        }
        int workers = 4;
        Set<String> started = ConcurrentHashMap.newKeySet();
        AtomicInteger jobs = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        ExecutorService feeders = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            done.add(feeders.submit(() -> {
                List<String[]> mine = new ArrayList<>();   // (study, job) this feeder started
                while (true) {
                    boolean claimed = false;
                    try (StudyStore.Claim claim = store.claim(workers)) {
                        if (claim != null) {
                            String job = "job-" + jobs.incrementAndGet();
                            claim.started(job);
                            // inside the claim: no other feeder can start one now
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
                            Thread.sleep(1);   // the others' members have to end first
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

        assertThat(started).hasSize(30);
        // a feeder ends a member only when its claim found none: at the limit, while members still wait
        assertThat(mostInFlight.get()).isEqualTo(workers);
        Set<String> recorded = new HashSet<>();
        for (String id : studies) {
            Study.Snapshot study = store.find(id).orElseThrow();
            assertThat(study.status()).isEqualTo(StudyStatus.SUCCEEDED);
            recorded.addAll(study.jobs());
        }
        assertThat(recorded).isEqualTo(started);
    }
}
