package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.data.Blobs;
import io.mlplab.training.kernel.Compute;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory estimate the server admits jobs by ({@link Experiment.Model#estimatedBytes}) against what a
 * trainer really holds once it has trained: the heap in use after a full collection, with the trainer and its
 * final weights reachable, less the heap in use before it was made. The estimate must cover it (a job the
 * server admits fits) without being far above it (a job that would fit is not refused).
 */
class MemoryEstimateTests {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Test
    void theEstimateCoversWhatAWideTrainerHoldsAndIsNotFarAboveIt() {
        // Adam: two optimizer slots per parameter; products large enough to pack their weights
        check("relu [256,256], Adam", new Experiment.Model(List.of(256, 256), new Activation.Relu(), new Activation.Relu(),
                new Initializer.Uniform(0.01)), 6000, 64, new Optimizer.Adam());
        check("sigmoid [512,512], SGD", new Experiment.Model(List.of(512, 512), new Activation.Sigmoid(), new Activation.Sigmoid(),
                new Initializer.Uniform(0.01)), 3000, 128, params -> new Optimizer.Sgd());
    }

    private static void check(String name, Experiment.Model model, int samples, int features, Optimizer.Factory optimizer) {
        Experiment experiment = new Experiment(42, new Experiment.Data(new Blobs(samples, features, 2.0, 1.0), 0.2, true),
                model, new Experiment.Training(3, new Loss.MeanSquaredError(), optimizer,
                        LearningRateSchedule.constant(0.1), 10), DiagnosticsSettings.OFF);
        long before = liveHeap();
        Trainer trainer = new Trainer(experiment, Compute.DEFAULT);
        trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
        Network.Snapshot weights = trainer.snapshot();
        long held = liveHeap() - before;
        Reference.reachabilityFence(trainer);
        Reference.reachabilityFence(weights);
        long trainRows = samples - (long) Math.ceil(samples * 0.2);
        long estimate = model.estimatedBytes(samples, features, 1, trainRows);
        System.out.printf("MemoryEstimateTests: %s on %d x %d holds %.1f MB, estimated %.1f MB (%.2f)%n",
                name, samples, features, held / 1e6, estimate / 1e6, (double) held / estimate);
        assertThat(held).as("bytes held against the estimate of %d", estimate).isLessThanOrEqualTo(estimate);
        assertThat(held).as("bytes held against the estimate of %d", estimate).isGreaterThan(estimate / 2);
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
