package io.mlplab.training;

import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every epoch's loss and every evaluation against {@code tools/reference/seed_mlp.py} (numpy +
 * scikit-learn), whose output is committed under {@code src/test/resources/golden/engine}.
 */
class GoldenTests {

    static final double TOLERANCE = 1e-9;
    static final List<String> CONFIGURATIONS = List.of("empty-spec",
            "sigmoid-16", "sigmoid-16-32", "sigmoid-16-32-16", "sigmoid-16-32-16-8",
            "relu-16", "relu-16-32", "relu-16-32-16", "relu-16-32-16-8",
            "tanh-16-32", "leaky_relu-16-32-16", "gelu-16", "relu-linear-out-seed7", "relu-16-8-small-noisy",
            "relu-wide-40-256-64", "sigmoid-wide-40-256-64");

    /**
     * A second core for the "vector+cores" runs: while the test's trainer is the only one running, its large
     * products and element-wise passes are shared with the helper, as one job on an idle server shares them.
     */
    private static final SpareCores CORES = new SpareCores(2);

    private static double worstRelativeError;
    private static String worstConfiguration = "";

    /**
     * Every golden configuration on every kernel: EJML's reference, the scalar and the vector kernels, and the
     * vector kernels with a second core to share products with.
     */
    static Stream<Arguments> configurations() {
        return Stream.of("ejml", "scalar", "vector", "vector+cores")
                .flatMap(kernels -> CONFIGURATIONS.stream().map(name -> Arguments.of(name, kernels)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> golden(String name) throws IOException {
        try (InputStream in = GoldenTests.class.getResourceAsStream("/golden/engine/" + name + ".json")) {
            assertThat(in).as("golden file for %s", name).isNotNull();
            return JsonMapper.builder().build().readValue(in, Map.class);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("configurations")
    @SuppressWarnings("unchecked")
    void everyEpochMatchesTheReferenceProgram(String name, String kernels) throws IOException {
        Map<String, Object> golden = golden(name);
        Map<String, Object> settings = (Map<String, Object>) golden.get("reference");
        List<Number> expectedLoss = (List<Number>) golden.get("loss");
        Map<String, List<Number>> expectedEval = (Map<String, List<Number>>) golden.get("eval");

        Compute compute = kernels.equals("vector+cores") ? Compute.of("vector", CORES) : Compute.of(kernels);
        long lentBefore = CORES.lent();
        Trainer trainer = new Trainer(Experiments.fromReference(settings), compute);
        RecordingListener recorded = new RecordingListener(expectedLoss.size());
        TrainingResult result = trainer.run(recorded, TrainingControl.NEVER);

        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.COMPLETED);
        assertThat(recorded.epochs).isEqualTo(expectedLoss.size());
        for (int epoch = 0; epoch < expectedLoss.size(); epoch++) {
            assertClose(name + " on " + kernels, "loss[" + epoch + "]", recorded.loss[epoch], expectedLoss.get(epoch).doubleValue());
        }
        List<Number> evalEpochs = expectedEval.get("epoch");
        assertThat(recorded.evaluations).isEqualTo(evalEpochs.size());
        for (int i = 0; i < evalEpochs.size(); i++) {
            assertThat(recorded.evalEpoch[i]).isEqualTo(evalEpochs.get(i).intValue());
            assertClose(name + " on " + kernels, "eval.trainLoss[" + i + "]", recorded.evalTrainLoss[i],
                    expectedEval.get("trainLoss").get(i).doubleValue());
            assertClose(name + " on " + kernels, "eval.testLoss[" + i + "]", recorded.evalTestLoss[i],
                    expectedEval.get("testLoss").get(i).doubleValue());
            assertThat(recorded.evalTrainAccuracy[i]).isEqualTo(expectedEval.get("trainAccuracy").get(i).doubleValue());
            assertThat(recorded.evalTestAccuracy[i]).isEqualTo(expectedEval.get("testAccuracy").get(i).doubleValue());
        }
        assertThat(result.testAccuracy()).isEqualTo(((Number) golden.get("testAccuracy")).doubleValue());
        if (kernels.equals("vector+cores") && name.contains("wide")) {
            assertThat(CORES.lent()).as("products shared with the second core").isGreaterThan(lentBefore);
        }
    }

    @Test
    void reproducesTheStudysAccuracyTable() {
        // the seed's table: sigmoid learns with one hidden layer only, ReLU with up to three
        double[] sigmoid = new double[4];
        double[] relu = new double[4];
        List<List<Integer>> depths = List.of(List.of(16), List.of(16, 32), List.of(16, 32, 16), List.of(16, 32, 16, 8));
        for (int d = 0; d < depths.size(); d++) {
            sigmoid[d] = new Trainer(Experiments.seed(depths.get(d), "sigmoid"))
                    .run(TrainingListener.NONE, TrainingControl.NEVER).testAccuracy();
            relu[d] = new Trainer(Experiments.seed(depths.get(d), "relu"))
                    .run(TrainingListener.NONE, TrainingControl.NEVER).testAccuracy();
        }
        assertThat(sigmoid).containsExactly(1.00, 0.46, 0.46, 0.46);
        assertThat(relu).containsExactly(1.00, 1.00, 1.00, 0.46);
    }

    private static void assertClose(String name, String what, double actual, double expected) {
        double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        synchronized (GoldenTests.class) {
            if (error > worstRelativeError) {
                worstRelativeError = error;
                worstConfiguration = name + " " + what;
            }
        }
        assertThat(error).as("%s %s: %s vs reference %s", name, what, actual, expected).isLessThanOrEqualTo(TOLERANCE);
    }

    @AfterAll
    static void reportWorstError() {
        CORES.close();
        System.out.printf("GoldenTests: largest relative error against the reference: %.3e (%s)%n",
                worstRelativeError, worstConfiguration);
    }
}
