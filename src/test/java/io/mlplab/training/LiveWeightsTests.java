package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.data.Moons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handoff of a running trainer's weights: a copy holds exactly the weights the network had at the end of its
 * epoch (those a run stopped after that epoch ends with, since training is deterministic), asking changes nothing
 * of the run, a fresh copy answers without a new one, and nobody waits on a run that is not there.
 */
@Timeout(120)
class LiveWeightsTests {

    /** Long enough that the tests stop it; a constant learning rate, so a shorter run trains the same epochs. */
    private static final int LONG = 1_000_000;

    /** Two-feature moons with the given network and loop, the job's seed. */
    private static Experiment moons(List<LayerSpec> layers, Experiment.Training training) {
        return new Experiment(7, new Experiment.Data(new Moons(300, 0.15), 0.2, true, 0.05),
                new Experiment.Model(layers, new Activation.Sigmoid(), new Initializer.HeUniform(null)), training);
    }

    /** Full-batch SGD, the seed's loop, through two hidden layers. */
    private static Experiment fullBatch(int epochs) {
        return moons(List.of(new LayerSpec.Linear(16), new LayerSpec.Activate(new Activation.Relu()),
                        new LayerSpec.Linear(16), new LayerSpec.Activate(new Activation.Tanh())),
                Experiments.loop(epochs).loss(new Loss.BinaryCrossEntropy()).build());
    }

    /** Shuffled mini-batches with Adam through batch norm (running statistics) and dropout (masks from the stream). */
    private static Experiment miniBatches(int epochs) {
        return moons(List.of(new LayerSpec.Linear(16), new LayerSpec.BatchNorm(0.1, 1e-5),
                        new LayerSpec.Activate(new Activation.Relu()), new LayerSpec.Dropout(0.1),
                        new LayerSpec.Linear(8), new LayerSpec.Activate(new Activation.Tanh())),
                Experiments.loop(epochs).loss(new Loss.BinaryCrossEntropy()).batches(32, true)
                        .optimizer(Optimizer.Adam.DEFAULTS, 0.01).build());
    }

    /** name, and the experiment for a number of epochs. */
    static Stream<Arguments> experiments() {
        return Stream.of(
                Arguments.of("full batch, sgd", (IntFunction<Experiment>) LiveWeightsTests::fullBatch),
                Arguments.of("shuffled batches of 32, adam, batch norm and dropout",
                        (IntFunction<Experiment>) LiveWeightsTests::miniBatches));
    }

    /** A run on its own thread until {@link #stop}; the test thread reads its weights meanwhile. */
    private static final class Run implements AutoCloseable {
        final Trainer trainer;
        final LiveWeights live;
        final RecordingListener recorder;
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;
        /** Epochs recorded so far, for the test thread to read. */
        volatile int epochs;
        volatile TrainingResult result;

        Run(Experiment experiment, LiveWeights live) {
            this.trainer = new Trainer(experiment);
            this.live = live;
            this.recorder = new RecordingListener(Math.min(experiment.training().epochs(), 100_000));
            TrainingListener counting = new TrainingListener() {
                @Override
                public void onEpoch(int epoch, double trainLoss, double learningRate) {
                    if (epoch < recorder.loss.length) {
                        recorder.onEpoch(epoch, trainLoss, learningRate);
                    }
                    epochs = epoch + 1;
                }

                @Override
                public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                         double testAccuracy) {
                    if (recorder.evaluations < recorder.evalEpoch.length) {
                        recorder.onEvaluation(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy);
                    }
                }
            };
            TrainingListener listener = live.listen(trainer, counting);
            thread = new Thread(() -> {
                try {
                    result = trainer.run(listener, stop::get);
                } finally {
                    live.close();
                }
            });
            thread.start();
        }

        TrainingResult stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** The first copy of the run, asked for until the first epoch has ended. */
    private static LiveWeights.Copy first(LiveWeights live) {
        List<LiveWeights.Copy> copy = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            live.current(Duration.ofSeconds(1)).ifPresent(copy::add);
            return !copy.isEmpty();
        });
        return copy.get(0);
    }

    /** The weights a run of {@code epochs} epochs ends with. */
    private static Network.Snapshot trainedFor(IntFunction<Experiment> experiment, int epochs) {
        Trainer trainer = new Trainer(experiment.apply(epochs));
        TrainingResult result = trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
        assertThat(result.epochsCompleted()).isEqualTo(epochs);
        return trainer.snapshot();
    }

    private static DMatrixRMaj grid() {
        DMatrixRMaj x = new DMatrixRMaj(25, 2);
        for (int i = 0; i < 25; i++) {
            x.set(i, 0, -2 + i % 5);
            x.set(i, 1, -2 + i / 5);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void aCopyHoldsExactlyTheWeightsThatARunOfItsEpochsEndsWith(String name, IntFunction<Experiment> experiment)
            throws InterruptedException {
        // freshness zero: every request takes a copy of its own, at the end of the epoch after it
        LiveWeights live = new LiveWeights(Duration.ZERO);
        LiveWeights.Copy early;
        LiveWeights.Copy later;
        TrainingResult stopped;
        try (Run run = new Run(experiment.apply(LONG), live)) {
            early = first(live);
            await().atMost(Duration.ofSeconds(60)).until(() -> run.epochs > early.epoch() + 20);
            later = live.current(Duration.ofSeconds(30)).orElseThrow();
            stopped = run.stop();
        }
        assertThat(early.epoch()).isGreaterThanOrEqualTo(1);
        // asked after 20 more epochs had been recorded: taken at the end of a later one
        assertThat(later.epoch()).isGreaterThan(early.epoch() + 20).isLessThanOrEqualTo(stopped.epochsCompleted());
        for (LiveWeights.Copy copy : List.of(early, later)) {
            Network.Snapshot reference = trainedFor(experiment, copy.epoch());
            // every weight, bias and running statistic, to the last bit
            assertThat(copy.network().export()).as("epoch %d", copy.epoch()).usingRecursiveComparison()
                    .isEqualTo(reference.export());
            assertThat(copy.network().forward(grid()).data).isEqualTo(reference.forward(grid()).data);
        }
        assertThat(later.network().export()).usingRecursiveComparison().isNotEqualTo(early.network().export());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experiments")
    void aStreamOfRequestsChangesNothingOfTheRun(String name, IntFunction<Experiment> experiment)
            throws InterruptedException {
        int epochs = 400;
        LiveWeights asked = new LiveWeights(Duration.ZERO);
        List<Integer> copied = new ArrayList<>();
        Run run = new Run(experiment.apply(epochs), asked);
        // a copy at the end of nearly every epoch, as long as the run lasts
        while (run.thread.isAlive()) {
            Optional<LiveWeights.Copy> copy = asked.current(Duration.ofSeconds(1));
            copy.ifPresent(c -> {
                if (copied.isEmpty() || copied.get(copied.size() - 1) != c.epoch()) {
                    copied.add(c.epoch());
                }
            });
        }
        run.thread.join();
        TrainingResult withRequests = run.result;
        Network.Snapshot weightsWithRequests = run.trainer.snapshot();

        Trainer alone = new Trainer(experiment.apply(epochs));
        RecordingListener recorder = new RecordingListener(epochs);
        TrainingResult withoutRequests = alone.run(new LiveWeights().listen(alone, recorder), TrainingControl.NEVER);

        assertThat(copied).as("epochs copied during the run").hasSizeGreaterThan(10);
        assertThat(withRequests).isEqualTo(withoutRequests);
        assertThat(run.recorder.losses()).isEqualTo(recorder.losses());
        assertThat(run.recorder.evalTestLoss).isEqualTo(recorder.evalTestLoss);
        assertThat(run.recorder.evalTestAccuracy).isEqualTo(recorder.evalTestAccuracy);
        assertThat(weightsWithRequests.export()).usingRecursiveComparison().isEqualTo(alone.snapshot().export());
    }

    @Test
    void aFreshCopyAnswersEveryReaderWithoutANewOne() throws InterruptedException {
        LiveWeights live = new LiveWeights(Duration.ofHours(1));
        try (Run run = new Run(fullBatch(LONG), live)) {
            LiveWeights.Copy copy = first(live);
            await().atMost(Duration.ofSeconds(60)).until(() -> run.epochs > copy.epoch() + 5);
            // the run went on, but within the hour every reader gets the same copy and none is taken
            for (int i = 0; i < 10; i++) {
                assertThat(live.current(Duration.ofSeconds(1))).containsSame(copy);
            }
        }
    }

    @Test
    void theTrainerCopiesOnlyAtTheEndOfAnEpochAReaderAskedFor() {
        Trainer trainer = new Trainer(fullBatch(10));
        LiveWeights live = new LiveWeights(Duration.ofHours(1));
        TrainingListener listener = live.listen(trainer, TrainingListener.NONE);
        // nobody asked: the end of an epoch copies nothing
        listener.onEpochEnd(0);
        // a reader that waits for no time asks, and answers with what there is: nothing yet
        assertThat(live.current(Duration.ZERO)).isEmpty();
        // the next epoch's end answers the request: the weights after two epochs
        listener.onEpochEnd(1);
        LiveWeights.Copy copy = live.current(Duration.ZERO).orElseThrow();
        assertThat(copy.epoch()).isEqualTo(2);
        assertThat(copy.scaler()).isSameAs(trainer.scaler());
        assertThat(copy.network().export()).usingRecursiveComparison().isEqualTo(trainer.snapshot().export());
        // answered, and fresh: the next epochs' ends copy nothing more
        listener.onEpochEnd(2);
        assertThat(live.current(Duration.ZERO)).containsSame(copy);
        live.close();
        assertThat(live.current(Duration.ofHours(1))).as("nothing once the run is let go").isEmpty();
    }

    @Test
    void nobodyWaitsForARunThatIsNotThere() throws InterruptedException {
        LiveWeights live = new LiveWeights();
        // not attached yet: answers at once, though it would wait an hour for an epoch
        assertThat(live.current(Duration.ofHours(1))).isEmpty();

        Trainer trainer = new Trainer(fullBatch(10));
        live.listen(trainer, TrainingListener.NONE);
        List<Optional<LiveWeights.Copy>> answer = new ArrayList<>();
        Thread reader = new Thread(() -> answer.add(live.current(Duration.ofHours(1))));
        reader.start();
        // the reader waits for an epoch that never ends, until the run is let go
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
        live.close();
        reader.join();
        assertThat(answer).containsExactly(Optional.empty());
    }
}
