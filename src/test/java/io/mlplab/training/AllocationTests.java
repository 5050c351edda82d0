package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epoch loop allocates nothing: a run of 1,050 epochs allocates no more than a run of 50 (after a
 * warm-up run has loaded every class), measured with the thread's own allocation counter. Likewise for
 * mini-batch runs with every optimizer, schedule and loss, the stopping rules checked every epoch, and a run
 * that a reader could ask for its weights ({@link LiveWeights}) while nobody does.
 *
 * <p>C2 compilation can allocate a kilobyte or two on the running thread once, when it replaces the hot
 * code during the first long run (measured with the seed's own trainer too; never with C1 or the
 * interpreter), and a path taken for the first time sends a vector kernel back to C1 code, whose vectors
 * are boxed, until C2 has compiled it again, seconds later on a loaded machine. So each comparison gets
 * attempts for up to {@link #PATIENCE_NANOS}: a one-time event passes on a later one, while an allocation per
 * epoch fails them all.
 */
class AllocationTests {

    /** How long the attempts of one comparison may take (20 s). */
    private static final long PATIENCE_NANOS = 20_000_000_000L;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void enableCounter() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "relu", "tanh", "leaky_relu", "gelu", "linear"})
    void epochLoopAllocatesNothingPerEpoch(String activation) {
        measure(activation, 30);                 // warm-up: class loading and first-call allocations
        long extra = Long.MAX_VALUE;
        for (long start = System.nanoTime(); extra >= 1024 && System.nanoTime() - start < PATIENCE_NANOS; ) {
            extra = measure(activation, 1050) - measure(activation, 50);
        }
        System.out.printf("AllocationTests: 1000 extra epochs with %s allocated %d bytes%n", activation, extra);
        // 1,000 extra epochs, each with 11 forward/backward layer passes and 100 evaluations: even 8 bytes
        // per epoch would show as 8,000 bytes
        assertThat(extra).as("bytes allocated by 1000 extra epochs").isLessThan(1024);
    }

    /**
     * name, activation, training settings (of a [16, 16] network); epochs are set by the test. Between them
     * they cover every optimizer, schedule, loss and new activation.
     */
    static Stream<Arguments> trainingOptions() {
        Activation sigmoid = new Activation.Sigmoid();
        Activation linear = new Activation.Linear();
        return Stream.of(
                Arguments.of("sgd nesterov, batches of 64, cosine, early stopping on train loss", "relu", null,
                        (IntFunction<Experiments.Loop>) epochs -> Experiments.loop(epochs).batches(64, true)
                                .earlyStopping(Experiment.EarlyStopping.Monitor.TRAIN_LOSS, 1_000_000, 0)
                                .optimizer(new Optimizer.Sgd(0.9, 0, true, 1e-4), 0.1)
                                .schedule(lr -> new LearningRateSchedule.Cosine(lr, 0.001))),
                Arguments.of("adam, batches of 64, warmup cosine, bce, early stopping on test loss", "elu", sigmoid,
                        (IntFunction<Experiments.Loop>) epochs -> Experiments.loop(epochs).batches(64, true)
                                .loss(new Loss.BinaryCrossEntropy())
                                .earlyStopping(Experiment.EarlyStopping.Monitor.TEST_LOSS, 1_000_000, 0)
                                .optimizer(new Optimizer.Adam(0.9, 0.999, 1e-8, 1e-4), 0.001)
                                .schedule(lr -> new LearningRateSchedule.WarmupCosine(lr, 10, 0))),
                Arguments.of("adamw, unshuffled batches of 50, one cycle, cross-entropy, stop at loss", "silu", linear,
                        (IntFunction<Experiments.Loop>) epochs -> Experiments.loop(epochs).batches(50, false)
                                .loss(new Loss.CrossEntropy()).stopAtLoss(0.0)
                                .optimizer(Optimizer.AdamW.DEFAULTS, 0.001)
                                .schedule(LearningRateSchedule.OneCycle::new)),
                Arguments.of("rmsprop centered with momentum, full batch, step", "gelu_tanh", null,
                        (IntFunction<Experiments.Loop>) epochs -> Experiments.loop(epochs)
                                .optimizer(new Optimizer.RmsProp(0.99, 1e-8, 1e-4, 0.5, true), 0.001)
                                .schedule(lr -> new LearningRateSchedule.Step(lr, 7, 0.9))),
                Arguments.of("adagrad, batches of 64, exponential", "softplus", null,
                        (IntFunction<Experiments.Loop>) epochs -> Experiments.loop(epochs).batches(64, true)
                                .optimizer(new Optimizer.Adagrad(1e-3, 1e-4, 0, 1e-10), 0.01)
                                .schedule(lr -> new LearningRateSchedule.Exponential(lr, 0.999))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingOptions")
    void epochLoopAllocatesNothingPerEpochWithEveryOption(String name, String activation,
                                                           Activation output, IntFunction<Experiments.Loop> training) {
        measure(activation, output, training, 30);
        long extra = Long.MAX_VALUE;
        for (long start = System.nanoTime(); extra >= 1024 && System.nanoTime() - start < PATIENCE_NANOS; ) {
            extra = measure(activation, output, training, 550) - measure(activation, output, training, 50);
        }
        System.out.printf("AllocationTests: 500 extra epochs with %s allocated %d bytes%n", name, extra);
        // 500 extra epochs of up to 7 batches each: even 8 bytes per epoch would show as 4,000 bytes
        assertThat(extra).as("bytes allocated by 500 extra epochs").isLessThan(1024);
    }

    private static long measure(String activation, Activation output, IntFunction<Experiments.Loop> training,
                                int epochs) {
        Activation hidden = Experiments.activation(activation);
        Experiment experiment = Experiments.onSeedData(new Experiment.Model(List.of(16, 16), hidden,
                output == null ? hidden : output, new Initializer.Uniform(0.01)), training.apply(epochs).build());
        Trainer trainer = new Trainer(experiment);
        RecordingListener listener = new RecordingListener(epochs);
        long before = threads.getCurrentThreadAllocatedBytes();
        TrainingResult result = trainer.run(listener, TrainingControl.NEVER);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.COMPLETED);
        return allocated;
    }

    private static long measure(String activation, int epochs) {
        Trainer trainer = new Trainer(Experiments.fromReference(Map.<String, Object>of(
                "hiddenLayers", List.of(16, 32, 16), "activation", activation, "epochs", epochs)));
        RecordingListener listener = new RecordingListener(epochs);
        long before = threads.getCurrentThreadAllocatedBytes();
        trainer.run(listener, TrainingControl.NEVER);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * A job's run goes through {@link LiveWeights}, which a reader may ask for the weights; while nobody asks, its
     * check at the end of every epoch allocates nothing either.
     */
    @Test
    void epochLoopAllocatesNothingPerEpochWithLiveWeightsNobodyAsksFor() {
        measureWithLiveWeights(30);
        long extra = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && extra >= 1024; attempt++) {
            extra = measureWithLiveWeights(1050) - measureWithLiveWeights(50);
        }
        System.out.printf("AllocationTests: 1000 extra epochs with live weights allocated %d bytes%n", extra);
        assertThat(extra).as("bytes allocated by 1000 extra epochs").isLessThan(1024);
    }

    private static long measureWithLiveWeights(int epochs) {
        Trainer trainer = new Trainer(Experiments.fromReference(Map.<String, Object>of(
                "hiddenLayers", List.of(16, 32, 16), "activation", "relu", "epochs", epochs)));
        LiveWeights live = new LiveWeights();
        TrainingListener listener = live.listen(trainer, new RecordingListener(epochs));
        long before = threads.getCurrentThreadAllocatedBytes();
        TrainingResult result = trainer.run(listener, TrainingControl.NEVER);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        live.close();
        assertThat(result.epochsCompleted()).isEqualTo(epochs);
        return allocated;
    }

    static Stream<Arguments> dataKinds() {
        return Stream.of(
                Arguments.of("moons with noise features and label noise", new io.mlplab.data.NoiseFeatures(
                        new io.mlplab.data.Moons(300, 0.1), 3), 0.1, new Loss.BinaryCrossEntropy()),
                Arguments.of("spirals, three arms, cross-entropy", new io.mlplab.data.Spirals(300, 3, 0.05), 0.2,
                        new Loss.CrossEntropy()),
                Arguments.of("circles, mse", new io.mlplab.data.Circles(300, 0.05, 0.8), 0.0,
                        new Loss.MeanSquaredError()),
                Arguments.of("xor, mse", new io.mlplab.data.Xor(300, 0.1), 0.05, new Loss.MeanSquaredError()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataKinds")
    void epochLoopAllocatesNothingPerEpochOnEveryDataKind(String name, io.mlplab.data.DatasetGenerator data,
                                                           double labelNoise, Loss loss) {
        measure(data, labelNoise, loss, 30);
        long extra = Long.MAX_VALUE;
        for (long start = System.nanoTime(); extra >= 1024 && System.nanoTime() - start < PATIENCE_NANOS; ) {
            extra = measure(data, labelNoise, loss, 550) - measure(data, labelNoise, loss, 50);
        }
        System.out.printf("AllocationTests: 500 extra epochs on %s allocated %d bytes%n", name, extra);
        assertThat(extra).as("bytes allocated by 500 extra epochs").isLessThan(1024);
    }

    private static long measure(io.mlplab.data.DatasetGenerator data, double labelNoise, Loss loss, int epochs) {
        Activation output = loss instanceof Loss.CrossEntropy ? new Activation.Linear()
                : loss instanceof Loss.BinaryCrossEntropy ? new Activation.Sigmoid() : new Activation.Relu();
        Experiment experiment = new Experiment(42, new Experiment.Data(data, 0.2, true, labelNoise),
                new Experiment.Model(List.of(16, 16), new Activation.Relu(), output, new Initializer.Uniform(0.01)),
                Experiments.loop(epochs).loss(loss).build());
        Trainer trainer = new Trainer(experiment);
        RecordingListener listener = new RecordingListener(epochs);
        long before = threads.getCurrentThreadAllocatedBytes();
        trainer.run(listener, TrainingControl.NEVER);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
