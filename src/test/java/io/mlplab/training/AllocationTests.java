package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epoch loop allocates nothing: a run of 1,050 epochs allocates no more than a run of 50 (after a
 * warm-up run has loaded every class), measured with the thread's own allocation counter. Likewise for
 * mini-batch runs with every optimizer, schedule and loss, and the stopping rules checked every epoch.
 *
 * <p>C2 compilation can allocate a kilobyte or two on the running thread once, when it replaces the hot
 * code during the first long run (measured with the seed's own trainer too; never with C1 or the
 * interpreter). So each comparison gets up to three attempts: a one-time event passes on the next one,
 * while an allocation per epoch fails all three.
 */
class AllocationTests {

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
        for (int attempt = 0; attempt < 3 && extra >= 1024; attempt++) {
            extra = measure(activation, 1050) - measure(activation, 50);
        }
        // 1,000 extra epochs, each with 11 forward/backward layer passes and 100 evaluations: even 8 bytes
        // per epoch would show as 8,000 bytes
        assertThat(extra).as("bytes allocated by 1000 extra epochs").isLessThan(1024);
    }

    /**
     * name, activation, training settings (of a [16, 16] network); epochs are set by the test. Between them
     * they cover every optimizer, schedule, loss and new activation.
     */
    static Stream<Arguments> trainingOptions() {
        Map<String, Object> neverStopsOnTrainLoss = Map.of("monitor", "trainLoss", "patience", 1_000_000);
        Map<String, Object> neverStopsOnTestLoss = Map.of("monitor", "testLoss", "patience", 1_000_000);
        return Stream.of(
                Arguments.of("sgd nesterov, batches of 64, cosine, early stopping on train loss", "relu", Map.of(
                        "batchSize", 64, "earlyStopping", neverStopsOnTrainLoss,
                        "schedule", Map.of("type", "cosine", "minLearningRate", 0.001),
                        "optimizer", Map.of("type", "sgd", "momentum", 0.9, "nesterov", true, "weightDecay", 1e-4))),
                Arguments.of("adam, batches of 64, warmup cosine, bce, early stopping on test loss", "elu", Map.of(
                        "batchSize", 64, "loss", "bce", "earlyStopping", neverStopsOnTestLoss,
                        "schedule", Map.of("type", "warmup_cosine", "warmupEpochs", 10),
                        "optimizer", Map.of("type", "adam", "learningRate", 0.001, "weightDecay", 1e-4))),
                Arguments.of("adamw, unshuffled batches of 50, one cycle, cross-entropy, stop at loss", "silu", Map.of(
                        "batchSize", 50, "shuffle", false, "loss", "cross_entropy", "stopAtLoss", 0.0,
                        "schedule", Map.of("type", "one_cycle"),
                        "optimizer", Map.of("type", "adamw", "learningRate", 0.001))),
                Arguments.of("rmsprop centered with momentum, full batch, step", "gelu_tanh", Map.of(
                        "schedule", Map.of("type", "step", "stepSize", 7, "gamma", 0.9),
                        "optimizer", Map.of("type", "rmsprop", "learningRate", 0.001, "momentum", 0.5,
                                "centered", true, "weightDecay", 1e-4))),
                Arguments.of("adagrad, batches of 64, exponential", "softplus", Map.of(
                        "batchSize", 64, "schedule", Map.of("type", "exponential", "gamma", 0.999),
                        "optimizer", Map.of("type", "adagrad", "learningRate", 0.01, "lrDecay", 1e-3,
                                "weightDecay", 1e-4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingOptions")
    void epochLoopAllocatesNothingPerEpochWithEveryOption(String name, String activation,
                                                           Map<String, Object> training) {
        measure(activation, training, 30);
        long extra = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && extra >= 1024; attempt++) {
            extra = measure(activation, training, 550) - measure(activation, training, 50);
        }
        // 500 extra epochs of up to 7 batches each: even 8 bytes per epoch would show as 4,000 bytes
        assertThat(extra).as("bytes allocated by 500 extra epochs").isLessThan(1024);
    }

    private static long measure(String activation, Map<String, Object> training, int epochs) {
        Map<String, Object> withEpochs = new HashMap<>(training);
        withEpochs.put("epochs", epochs);
        Experiment experiment = Experiments.fromSpec(Map.of(
                "model", Map.of("hiddenLayers", List.of(16, 16), "activation", activation),
                "training", withEpochs));
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
}
