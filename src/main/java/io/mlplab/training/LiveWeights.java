package io.mlplab.training;

import io.mlplab.data.StandardScaler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The weights of a running trainer, handed over on request. A reader asks with {@link #current}; the trainer's
 * thread notices the request at the {@linkplain TrainingListener#onEpochEnd end of its next epoch}, copies the
 * network there ({@link Trainer#snapshot()}) and publishes the copy, which wakes every reader waiting for it.
 *
 * <p>What it costs the run: nothing when nobody asks (one volatile read per epoch, no allocation), and one copy of
 * the weights per request otherwise, at most one per {@code fresh} period: a copy younger than that answers every
 * reader without a new one, so a page polling every second slows training by a copy a second at most, however
 * many readers there are. The trainer never waits for a reader; a reader waits at most its {@code wait} for an
 * epoch to end, and answers with the last copy (or nothing) if none did.
 *
 * <p>One run at a time: {@link #listen} attaches a trainer, {@link #close} lets it go, wakes any reader still
 * waiting and forgets the last copy (a finished run's weights are kept elsewhere, once).
 */
public final class LiveWeights {

    /** A copy younger than this answers readers without a new one. */
    public static final Duration FRESH = Duration.ofSeconds(1);

    private final long freshNanos;
    private final Object lock = new Object();
    /** Set by a reader, cleared by the copy that answers it; read by the trainer's thread at every epoch's end. */
    private volatile boolean requested;
    /** The last copy of this run; null before the first and after {@link #close}. */
    private volatile Copy latest;
    // guarded by lock
    private boolean attached;
    /** What the readers of the pending request wait for; null when nobody waits. */
    private CompletableFuture<Copy> next;

    /** With the default freshness, {@link #FRESH}. */
    public LiveWeights() {
        this(FRESH);
    }

    /** @param fresh how old a copy may be and still answer a reader without a new one */
    public LiveWeights(Duration fresh) {
        this.freshNanos = fresh.toNanos();
    }

    /**
     * The weights at the end of an epoch of the run, as a copy that stays valid after the run; empty when no run is
     * attached (not yet started, or ended) or when no epoch has ended yet. Answers at once with a fresh copy;
     * otherwise asks the trainer for one and waits up to {@code wait} for the end of the epoch it is in (then
     * answers with the last copy, if any). Call it from any thread but the trainer's.
     */
    public Optional<Copy> current(Duration wait) {
        Copy last = latest;
        if (last != null && System.nanoTime() - last.takenAt() < freshNanos) {
            return Optional.of(last);
        }
        CompletableFuture<Copy> answer;
        synchronized (lock) {
            if (!attached) {
                return Optional.empty();
            }
            if (next == null) {
                next = new CompletableFuture<>();
                requested = true;
            }
            answer = next;
        }
        try {
            // a blocking wait, never a continuation: nothing of the reader's work may run on the trainer's thread
            // when it completes the future
            Copy copy = answer.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.ofNullable(copy != null ? copy : latest);
        } catch (TimeoutException e) {
            return Optional.ofNullable(latest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.ofNullable(latest);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the future is never completed exceptionally", e);
        }
    }

    /**
     * Attaches {@code trainer}'s run: returns the listener to run it with, which passes everything on to
     * {@code listener} and, at the end of an epoch that a reader asked for, copies the weights first.
     */
    public TrainingListener listen(Trainer trainer, TrainingListener listener) {
        synchronized (lock) {
            attached = true;
        }
        return new TrainingListener() {
            @Override
            public void onEpoch(int epoch, double trainLoss, double learningRate) {
                listener.onEpoch(epoch, trainLoss, learningRate);
            }

            @Override
            public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                     double testAccuracy) {
                listener.onEvaluation(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy);
            }

            @Override
            public void onDiagnostics(int epoch, LayerStats[] layers) {
                listener.onDiagnostics(epoch, layers);
            }

            @Override
            public void onEpochEnd(int epoch) {
                if (requested) {
                    publish(new Copy(trainer.snapshot(), trainer.scaler(), epoch + 1, System.nanoTime()));
                }
                listener.onEpochEnd(epoch);
            }
        };
    }

    private void publish(Copy copy) {
        CompletableFuture<Copy> waiting;
        synchronized (lock) {
            latest = copy;
            requested = false;
            waiting = next;
            next = null;
        }
        if (waiting != null) {
            waiting.complete(copy);
        }
    }

    /** Detaches the run (it has ended, or never will start): wakes the readers still waiting, with nothing new. */
    public void close() {
        CompletableFuture<Copy> waiting;
        synchronized (lock) {
            attached = false;
            latest = null;
            requested = false;
            waiting = next;
            next = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /**
     * The network at the end of an epoch, independent of the trainer.
     *
     * @param network the copy of the weights (and buffers, such as batch norm's running statistics)
     * @param scaler  what the network's inputs go through: raw features map to {@code (x - mean) / scale}
     * @param epoch   the epochs these weights have trained, counted from 1: the weights after the update(s) of the
     *                history's epoch {@code epoch - 1}
     * @param takenAt {@link System#nanoTime()} when the copy was taken
     */
    public record Copy(Network.Snapshot network, StandardScaler.Fit scaler, int epoch, long takenAt) {
    }
}
