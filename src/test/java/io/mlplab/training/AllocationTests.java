package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The epoch loop allocates nothing: a run of 1,050 epochs allocates no more than a run of 50 (after a
 * warm-up run has loaded every class), measured with the thread's own allocation counter.
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
        long short_ = measure(activation, 50);
        long long_ = measure(activation, 1050);
        // 1,000 extra epochs, each with 11 forward/backward layer passes and 100 evaluations: even 8 bytes
        // per epoch would show as 8,000 bytes
        assertThat(long_ - short_).as("bytes allocated by 1000 extra epochs").isLessThan(1024);
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
