package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.Specs;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The job's recorder as the event stream reads it: pieces cut between any epochs add up to the whole
 * history, and recording stays allocation-free while another thread reads pieces all the time.
 */
class JobHistoryTests {

    /** A two-layer network with diagnostics every 10 epochs and evaluations every 10 (and the last). */
    private static final String SPEC = "{\"model\":{\"hiddenLayers\":[16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":%d}}";

    private static JobHistory recorder(CompiledSpec compiled) {
        var experiment = compiled.experiment();
        return new JobHistory(experiment.training().epochs(), experiment.training().evaluateEvery(),
                experiment.model().weightLayers(), experiment.diagnostics().every());
    }

    private static JobHistory trained(int epochs) {
        CompiledSpec compiled = Specs.compile(SPEC.formatted(epochs));
        JobHistory history = recorder(compiled);
        new Trainer(compiled.experiment()).run(history, TrainingControl.NEVER);
        return history;
    }

    @Test
    void piecesBetweenSuccessiveCutsAddUpToTheWholeHistory() {
        JobHistory history = trained(57);
        History whole = history.since(0);
        // cuts that fall on, just before and just after evaluation and diagnostic epochs, and past the end
        int[] cuts = {0, 1, 9, 10, 11, 20, 21, 39, 40, 56, 57, 99};
        List<Integer> train = new ArrayList<>();
        List<Integer> eval = new ArrayList<>();
        List<Double> testLoss = new ArrayList<>();
        List<List<Integer>> layerEpochs = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> gradNorms = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 1; i < cuts.length; i++) {
            int end = cuts[i];
            History piece = history.between(cuts[i - 1], end);
            IntStream.of(piece.train().epoch()).forEach(train::add);
            IntStream.of(piece.eval().epoch()).forEach(eval::add);
            for (double loss : piece.eval().testLoss()) {
                testLoss.add(loss);
            }
            assertThat(piece.layers()).hasSize(2);
            for (int l = 0; l < 2; l++) {
                IntStream.of(piece.layers().get(l).epoch()).forEach(layerEpochs.get(l)::add);
                for (double norm : piece.layers().get(l).weightGradNorm()) {
                    gradNorms.get(l).add(norm);
                }
                assertThat(IntStream.of(piece.layers().get(l).epoch()).allMatch(e -> e < end)).isTrue();
            }
            assertThat(IntStream.of(piece.train().epoch()).allMatch(e -> e < end)).isTrue();
            assertThat(IntStream.of(piece.eval().epoch()).allMatch(e -> e < end)).isTrue();
        }
        assertThat(train).isEqualTo(IntStream.range(0, 57).boxed().toList());
        assertThat(eval).containsExactly(0, 10, 20, 30, 40, 50, 56).isEqualTo(boxed(whole.eval().epoch()));
        assertThat(testLoss).containsExactly(boxed(whole.eval().testLoss()));
        for (int l = 0; l < 2; l++) {
            assertThat(layerEpochs.get(l)).containsExactly(0, 10, 20, 30, 40, 50);
            assertThat(gradNorms.get(l)).containsExactly(boxed(whole.layers().get(l).weightGradNorm()));
        }
        assertThat(history.between(5, 5).train().epoch()).isEmpty();
        assertThat(history.between(30, 20).eval().epoch()).isEmpty();
    }

    private static List<Integer> boxed(int[] values) {
        return IntStream.of(values).boxed().toList();
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }

    /**
     * Like the engine's allocation tests, measured on the training thread: 1,000 extra epochs allocate
     * nothing more, though a reader copies pieces of the same history the whole time (as a stream's
     * sender does). Up to three attempts, for the C2 compiler's one-time allocation.
     */
    @Test
    void recordingAllocatesNothingPerEpochWhileAReaderCopiesPieces() throws InterruptedException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        measure(threads, 30);
        long extra = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && extra >= 1024; attempt++) {
            extra = measure(threads, 1050) - measure(threads, 50);
        }
        assertThat(extra).as("bytes allocated by 1000 extra epochs").isLessThan(1024);
    }

    private static long measure(com.sun.management.ThreadMXBean threads, int epochs) throws InterruptedException {
        CompiledSpec compiled = Specs.compile(SPEC.formatted(epochs));
        JobHistory history = recorder(compiled);
        Trainer trainer = new Trainer(compiled.experiment());
        AtomicBoolean training = new AtomicBoolean(true);
        int[] pieces = new int[1];
        Thread reader = new Thread(() -> {
            int cursor = 0;
            do {
                int upTo = Math.max(cursor, history.epochs() - 1);
                history.between(cursor, upTo);
                cursor = upTo;
                pieces[0]++;
                // a stream's sender reads every 250 ms; a reader spinning flat out would take the core the
                // JIT needs to compile the vector kernels, which allocate until it has
                LockSupport.parkNanos(1_000_000);
            } while (training.get());
        });
        reader.start();
        long before = threads.getCurrentThreadAllocatedBytes();
        trainer.run(history, TrainingControl.NEVER);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        training.set(false);
        reader.join();
        assertThat(history.epochs()).isEqualTo(epochs);
        assertThat(pieces[0]).as("pieces read meanwhile").isPositive();
        return allocated;
    }
}
