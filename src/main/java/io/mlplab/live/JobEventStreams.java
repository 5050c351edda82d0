package io.mlplab.live;

import io.mlplab.job.History;
import io.mlplab.job.Job;
import io.mlplab.job.JobResponse;
import io.mlplab.job.JobService;
import io.mlplab.job.JobStatus;
import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of jobs. Nothing here runs on a training thread: a ticker looks at every stream a
 * few times a second and, for those with news, hands a send to a pool of sender threads. A send reads the
 * job's snapshot and the history rows since the stream's cursor (copies the job makes for any reader) and
 * writes them as one event. A client that stops reading blocks only its own send; while that send is
 * stuck its stream skips ticks, and the next send carries everything since its cursor. A vanished client
 * fails its next write (at the latest the heartbeat's) and its stream is dropped.
 */
@Component
class JobEventStreams {

    /** Time between looks at each stream: at most four events a second. */
    static final Duration TICK = Duration.ofMillis(250);
    /** A comment line after this much silence, so that a vanished client is noticed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** The stream closes after this long; the browser's EventSource reconnects with Last-Event-ID. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Ticks to wait, after a job cancelled while running, for its worker to leave the epoch it was in and
     * record its last rows (it attaches the job's result when it has).
     */
    static final int SETTLE_TICKS = 8;
    static final int MAX_SENDERS = 64;

    private final JobService jobs;
    private final Counter slowSends;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("mlp-live-tick"));
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(0, MAX_SENDERS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("mlp-live-send-"));

    JobEventStreams(JobService jobs, MeterRegistry registry) {
        this.jobs = jobs;
        Gauge.builder("mlp.live.streams", streams, Set::size)
                .description("Open job event streams (GET /api/v1/jobs/{id}/events)")
                .register(registry);
        slowSends = Counter.builder("mlp.live.sends.skipped")
                .description("Looks at a stream skipped because its previous send was still writing: a client "
                        + "reading slower than the job trains")
                .register(registry);
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of job {@code id}'s events, starting at epoch {@code from}; the first event goes out at
     * once.
     *
     * @throws io.mlplab.web.ApiException (job not found) if no job has this id
     */
    SseEmitter open(String id, int from) {
        jobs.find(id);
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Stream stream = new Stream(id, from, emitter);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> {
            streams.remove(stream);
            emitter.complete();
        });
        emitter.onError(failure -> streams.remove(stream));
        streams.add(stream);
        schedule(stream);
        return emitter;
    }

    private void tick() {
        for (Stream stream : streams) {
            schedule(stream);
        }
    }

    private void schedule(Stream stream) {
        if (!stream.sending.compareAndSet(false, true)) {
            slowSends.increment();   // its last send is still writing: a slow client; the next send catches up
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    stream.send();
                } finally {
                    stream.sending.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            stream.sending.set(false);   // every sender is stuck on a slow client; try again next tick
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        for (Stream stream : streams) {
            stream.emitter.complete();
        }
        senders.shutdownNow();
    }

    /** One client's stream; {@link #send} runs on one sender thread at a time. */
    private final class Stream {

        final String id;
        final SseEmitter emitter;
        final AtomicBoolean sending = new AtomicBoolean();
        /** The first epoch not yet sent: the id of the last event. */
        int cursor;
        /** The status last sent; null before the first event. */
        JobStatus status;
        int settleTicks;
        long lastSent = System.nanoTime();

        Stream(String id, int from, SseEmitter emitter) {
            this.id = id;
            this.cursor = from;
            this.emitter = emitter;
        }

        void send() {
            if (!streams.contains(this)) {
                return;
            }
            try {
                Job.Snapshot job;
                try {
                    job = jobs.find(id);
                } catch (ApiException e) {
                    if (e.type() != ProblemType.JOB_NOT_FOUND) {
                        throw e;
                    }
                    end(null);   // deleted
                    return;
                }
                boolean settled = job.status().isTerminal() && (job.result() != null || job.startedAt() == null
                        || job.error() != null || ++settleTicks > SETTLE_TICKS);
                // while the job runs, epoch e's evaluation and diagnostics are recorded after its loss: it is
                // complete once epoch e + 1's loss is
                int upTo = settled ? job.epoch() : job.epoch() - 1;
                if (upTo > cursor || job.status() != status) {
                    int to = Math.max(upTo, cursor);
                    History history = jobs.history(id, cursor, to);
                    // every row up to `to` is there, except when a shared store put the job back in the queue
                    // between the two reads (its worker was lost): then only what came, and the job's next
                    // attempt brings the rest, to the same numbers
                    to = Math.min(to, cursor + history.train().epoch().length);
                    ProgressEvent data = new ProgressEvent(job.status(),
                            new JobResponse.Progress(job.epoch(), job.epochs()), history);
                    emitter.send(SseEmitter.event().id(Integer.toString(to)).name("progress").data(data));
                    cursor = to;
                    status = job.status();
                    lastSent = System.nanoTime();
                }
                if (settled) {
                    end(job);
                } else if (System.nanoTime() - lastSent > HEARTBEAT.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent = System.nanoTime();
                }
            } catch (IOException | IllegalStateException e) {
                // the client has gone (or the emitter has already completed)
                streams.remove(this);
                emitter.completeWithError(e);
            }
        }

        /** The last event: the job as GET /api/v1/jobs/{id} shows it, or nothing if it was deleted. */
        private void end(Job.Snapshot job) throws IOException {
            streams.remove(this);
            SseEmitter.SseEventBuilder event = SseEmitter.event().id(Integer.toString(cursor)).name("end");
            emitter.send(job == null ? event.data("{}") : event.data(JobResponse.of(job)));
            emitter.complete();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name.endsWith("-") ? name + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
