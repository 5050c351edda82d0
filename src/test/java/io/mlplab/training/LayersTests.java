package io.mlplab.training;

import io.mlplab.training.layer.Layer;
import io.mlplab.data.Blobs;
import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine v2's layers: layer lists beyond the seed's shape, the stop inside an epoch, the split of products
 * over spare cores, and allocation on every kernel.
 */
class LayersTests {

    private static final Activation RELU = new Activation.Relu();
    private static final Activation TANH = new Activation.Tanh();
    private static final Activation SIGMOID = new Activation.Sigmoid();

    private static Experiment experiment(List<LayerSpec> layers, Activation output, int samples, int features,
                                         int epochs) {
        return new Experiment(42, new Experiment.Data(new Blobs(samples, features, 2.0, 1.0), 0.2, true),
                new Experiment.Model(layers, output, new Initializer.HeUniform()),
                new Experiment.Training(epochs, new Loss.MeanSquaredError(), params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(0.1), 10),
                DiagnosticsSettings.DEFAULTS);
    }

    private static List<LayerSpec> dense(Activation activation, int... widths) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int width : widths) {
            layers.add(new LayerSpec.Linear(width));
            layers.add(new LayerSpec.Activate(activation));
        }
        return layers;
    }

    /** Lists the seed's shorthand cannot say: activations on their own, linear layers without one, two in a row. */
    static Stream<Arguments> layerLists() {
        return Stream.of(
                Arguments.of("activation first", List.of(new LayerSpec.Activate(TANH), new LayerSpec.Linear(5),
                        new LayerSpec.Activate(RELU))),
                Arguments.of("linear without activation", List.of(new LayerSpec.Linear(5), new LayerSpec.Linear(4),
                        new LayerSpec.Activate(SIGMOID))),
                Arguments.of("two activations in a row", List.of(new LayerSpec.Linear(5), new LayerSpec.Activate(TANH),
                        new LayerSpec.Activate(SIGMOID), new LayerSpec.Linear(4), new LayerSpec.Activate(RELU))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerLists")
    void backwardMatchesCentralDifferencesForEveryLayerList(String name, List<LayerSpec> layers) {
        Trainer trainer = new Trainer(experiment(layers, SIGMOID, 40, 3, 1));
        GradientCheckTests.assertGradientsMatch(trainer, name);
    }

    @Test
    void backwardAddsIntoTheUpstreamGradientWhenAsked() {
        Products products = new Products(Compute.DEFAULT);
        io.mlplab.data.NumpyRandom random = new io.mlplab.data.NumpyRandom(3);
        org.ejml.data.DMatrixRMaj x = new org.ejml.data.DMatrixRMaj(5, 3);
        random.fillGaussian(x);
        for (Layer layer : List.<Layer>of(new LinearLayer(3, 4, TANH, 5, false, true, products),
                new ActivationLayer(3, TANH, 5, Compute.DEFAULT.elementwise()))) {
            if (layer instanceof LinearLayer linear) {
                random.fillGaussian(linear.w);
            }
            layer.resize(5);
            layer.forward(x, true);
            org.ejml.data.DMatrixRMaj dY = new org.ejml.data.DMatrixRMaj(5, layer.outputs());
            random.fillGaussian(dY);
            org.ejml.data.DMatrixRMaj once = new org.ejml.data.DMatrixRMaj(5, 3);
            layer.dOutput().setTo(dY);
            layer.backward(x, once, false);
            org.ejml.data.DMatrixRMaj summed = new org.ejml.data.DMatrixRMaj(5, 3);
            summed.fill(0.5);
            layer.dOutput().setTo(dY);
            layer.backward(x, summed, true);
            for (int i = 0; i < once.getNumElements(); i++) {
                assertThat(summed.data[i]).as("%s dX[%d]", layer.getClass().getSimpleName(), i)
                        .isEqualTo(0.5 + once.data[i]);
            }
        }
    }

    @Test
    void theShorthandAndItsLayerListTrainToTheSameBits() {
        Experiment shorthand = new Experiment(42, new Experiment.Data(new Blobs(500, 8, 2.0, 1.0), 0.2, true),
                new Experiment.Model(List.of(16, 32), RELU, RELU, new Initializer.Uniform(0.01)),
                new Experiment.Training(50, new Loss.MeanSquaredError(), params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(0.1), 10));
        Experiment listed = new Experiment(shorthand.seed(), shorthand.data(),
                new Experiment.Model(dense(RELU, 16, 32), RELU, new Initializer.Uniform(0.01)), shorthand.training());
        assertThat(losses(listed, Compute.DEFAULT, 50)).containsExactly(losses(shorthand, Compute.DEFAULT, 50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void productsSplitOverSpareCoresGiveTheSameBits(String kernels) {
        Experiment experiment = experiment(dense(RELU, 64, 64), RELU, 5000, 16, 12);
        try (SpareCores cores = new SpareCores(2)) {
            double[] split = losses(experiment, Compute.of(kernels, cores), 12);
            assertThat(cores.lent()).as("blocks lent to the helper").isGreaterThan(0);
            assertThat(split).containsExactly(losses(experiment, Compute.of(kernels), 12));
        }
    }

    /**
     * An evaluation's pass over the training set serves as the next epoch's training forward pass where the two
     * agree: evaluating after every epoch or after every seventh, with a layer norm and a residual block (which
     * agree) or with dropout (which does not, and is never served), trains the same bits and ends on the same
     * weights.
     */
    @Test
    void evaluatingOftenOrRarelyTrainsTheSameBits() {
        List<LayerSpec> agreeing = List.of(new LayerSpec.Linear(24), new LayerSpec.LayerNorm(1e-5),
                new LayerSpec.Activate(RELU), new LayerSpec.Residual(List.of(new LayerSpec.Linear(24),
                        new LayerSpec.Activate(TANH), new LayerSpec.Linear(24))), new LayerSpec.Linear(16),
                new LayerSpec.Activate(SIGMOID));
        List<LayerSpec> dropout = List.of(new LayerSpec.Linear(24), new LayerSpec.Activate(RELU),
                new LayerSpec.Dropout(0.2), new LayerSpec.Linear(16), new LayerSpec.Activate(RELU));
        for (List<LayerSpec> layers : List.of(dense(RELU, 64, 32), agreeing, dropout)) {
            for (String kernels : new String[] {"vector", "ejml"}) {
                double[][] loss = new double[2][];
                double[][] weights = new double[2][];
                int[] every = {1, 7};
                for (int run = 0; run < 2; run++) {
                    Experiment base = experiment(layers, SIGMOID, 600, 8, 40);
                    Experiment experiment = new Experiment(base.seed(), base.data(), base.model(),
                            new Experiment.Training(40, base.training().loss(), base.training().optimizer(),
                                    base.training().schedule(), every[run]), DiagnosticsSettings.OFF);
                    Trainer trainer = new Trainer(experiment, Compute.of(kernels));
                    RecordingListener listener = new RecordingListener(40);
                    trainer.run(listener, TrainingControl.NEVER);
                    loss[run] = listener.loss.clone();
                    weights[run] = java.util.Arrays.stream(trainer.network().parameters())
                            .flatMapToDouble(m -> java.util.Arrays.stream(m.data)).toArray();
                }
                assertThat(loss[0]).as("losses on %s", kernels).containsExactly(loss[1]);
                assertThat(weights[0]).as("final weights on %s", kernels).containsExactly(weights[1]);
            }
        }
    }

    @Test
    void aBusyMachineLendsNoCore() {
        Experiment experiment = experiment(dense(RELU, 64, 64), RELU, 5000, 16, 3);
        try (SpareCores cores = new SpareCores(2)) {
            cores.jobStarted();     // another job holds the second core
            losses(experiment, Compute.of("auto", cores), 3);
            assertThat(cores.lent()).isZero();
        }
    }

    @Test
    void asksTheControlAtLeastOncePerBlockOfWorkInsideAnEpoch() {
        // one full-batch epoch of 4000 × 64 → [256, 256] → 1: forward 4000·(64·256 + 256·256 + 256) multiply-adds,
        // backward about twice that, in products far larger than one block
        Experiment experiment = experiment(dense(RELU, 256, 256), RELU, 5000, 64, 1);
        long forward = 4000L * (64 * 256 + 256 * 256 + 256);
        long work = 3 * forward;
        int[] asked = {0};
        new Trainer(experiment.withDiagnostics(DiagnosticsSettings.OFF)).run(TrainingListener.NONE, () -> {
            asked[0]++;
            return false;
        });
        assertThat((long) asked[0]).isGreaterThanOrEqualTo(work / Products.BLOCK_WORK);
    }

    @Test
    void aLargeJobStoppedInsideAnEpochStopsThereAndReportsItsLastEvaluation() {
        Experiment experiment = experiment(dense(RELU, 256, 256), RELU, 25000, 64, 10)
                .withDiagnostics(DiagnosticsSettings.OFF);
        Trainer trainer = new Trainer(experiment);
        int[] asked = {0};
        RecordingListener listener = new RecordingListener(10);
        // ask 1 is before epoch 0, ask 2 before its batch, 3 before the first block of the first product
        TrainingResult result = trainer.run(listener, () -> ++asked[0] >= 4);
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.STOPPED);
        assertThat(result.epochsCompleted()).isZero();
        assertThat(asked[0]).isEqualTo(4);
        assertThat(listener.epochs).isZero();
        // evaluating 25,000 rows would be more work than a cancel may take: nothing was evaluated yet
        assertThat(result.trainLoss()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ejml", "scalar", "vector", "vector+cores"})
    void everyKernelAndLayerKindAllocatesNothingPerEpoch(String setting) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        // 128 → 96 is wide enough for the vector kernels to pack both of its products (with a padded tail of
        // aᵀ·b's rows), and 2,000 rows of 96 or 128 columns run in several blocks, each with its epilogue
        List<LayerSpec> layers = List.of(new LayerSpec.Activate(TANH), new LayerSpec.Linear(128),
                new LayerSpec.Activate(RELU), new LayerSpec.Activate(SIGMOID), new LayerSpec.Linear(96),
                new LayerSpec.Linear(16), new LayerSpec.Activate(RELU));
        try (SpareCores cores = new SpareCores(2)) {
            Compute compute = setting.equals("vector+cores") ? Compute.of("vector", cores)
                    : Compute.of(setting);
            Experiment experiment = experiment(layers, SIGMOID, 2000, 8, 0);
            allocated(threads, experiment, compute, 20);     // warm-up
            long extra = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 3 && extra >= 1024; attempt++) {
                extra = allocated(threads, experiment, compute, 420) - allocated(threads, experiment, compute, 20);
            }
            System.out.printf("LayersTests: 400 extra epochs on %s allocated %d bytes%n", setting, extra);
            // 400 extra epochs: even 8 bytes per epoch would show as 3,200 bytes
            assertThat(extra).as("bytes allocated by 400 extra epochs on %s", setting).isLessThan(1024);
            if (setting.equals("vector+cores")) {
                assertThat(cores.lent()).isGreaterThan(0);
            }
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, Experiment experiment, Compute compute,
                                  int epochs) {
        Experiment e = new Experiment(experiment.seed(), experiment.data(), experiment.model(),
                new Experiment.Training(epochs, experiment.training().loss(), experiment.training().optimizer(),
                        experiment.training().schedule(), 10), experiment.diagnostics());
        Trainer trainer = new Trainer(e, compute);
        RecordingListener listener = new RecordingListener(epochs);
        long before = threads.getCurrentThreadAllocatedBytes();
        trainer.run(listener, TrainingControl.NEVER);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static double[] losses(Experiment experiment, Compute compute, int epochs) {
        RecordingListener listener = new RecordingListener(epochs);
        new Trainer(experiment, compute).run(listener, TrainingControl.NEVER);
        double[] all = new double[epochs + listener.evaluations];
        System.arraycopy(listener.loss, 0, all, 0, epochs);
        System.arraycopy(listener.evalTestLoss, 0, all, epochs, listener.evaluations);
        return all;
    }
}
