package io.mlplab.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.training.Experiment;
import io.mlplab.training.RecordingListener;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every option against PyTorch: each file under {@code src/test/resources/golden/torch} is a job spec and
 * what {@code tools/reference/torch_reference.py} (float64 torch from the same numpy data and initial
 * weights) recorded for it, and each under {@code golden/torch-layers} the same from
 * {@code tools/reference/torch_layers_reference.py} for the layer kinds of {@code model.layers} (rerun
 * either as its docstring says): every epoch's loss and learning rate, the evaluations and why the run
 * stopped. The spec goes the real way, as the server reads and compiles it: strict JSON, then
 * {@link SpecCompiler}, defaults, rules and limits included.
 */
class TorchGoldenTests {

    static final double LOSS_TOLERANCE = 1e-9;
    /** PyTorch updates most rates recursively, the engine uses the closed forms. */
    static final double RATE_TOLERANCE = 1e-13;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static double worstLossError;
    private static String worstLoss = "";
    private static double worstRateError;
    private static String worstRate = "";

    /** The largest relative loss error of each layer-kind configuration, for the report. */
    private static final Map<String, Double> WORST_PER_LAYER_CONFIGURATION = new TreeMap<>();

    @SuppressWarnings("unchecked")
    static List<String> configurations() throws IOException {
        return (List<String>) read("torch", "index", List.class);
    }

    @SuppressWarnings("unchecked")
    static List<String> layerConfigurations() throws IOException {
        return (List<String>) read("torch-layers", "index", List.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyEpochMatchesPyTorch(String name) throws IOException {
        check("torch", name);
    }

    /**
     * The layer kinds (layer_norm, batch_norm, dropout, residual, an activation per layer), alone and
     * combined, against {@code tools/reference/torch_layers_reference.py}: nn.LayerNorm, nn.BatchNorm1d,
     * dropout with the masks drawn from the same numpy stream, skip connections, in nn.Sequential.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layerConfigurations")
    void everyEpochOfTheLayerKindsMatchesPyTorch(String name) throws IOException {
        check("torch-layers", name);
    }

    @SuppressWarnings("unchecked")
    private static void check(String folder, String name) throws IOException {
        Map<String, Object> golden = read(folder, name, Map.class);
        List<Number> expectedLoss = (List<Number>) golden.get("loss");
        List<Number> expectedRate = (List<Number>) golden.get("learningRate");
        Map<String, List<Number>> expectedEval = (Map<String, List<Number>>) golden.get("eval");
        Experiment experiment = Specs.compile(JSON.writeValueAsString(golden.get("spec"))).experiment();

        RecordingListener recorded = new RecordingListener(experiment.training().epochs());
        TrainingResult result = new Trainer(experiment).run(recorded, TrainingControl.NEVER);

        assertThat(result.stop().name()).isEqualTo(golden.get("stop"));
        assertThat(result.epochsCompleted()).isEqualTo(((Number) golden.get("epochsCompleted")).intValue());
        assertThat(recorded.epochs).isEqualTo(expectedLoss.size());
        for (int epoch = 0; epoch < expectedLoss.size(); epoch++) {
            assertLoss(name, "loss[" + epoch + "]", recorded.loss[epoch], expectedLoss.get(epoch).doubleValue());
            assertRate(name, epoch, recorded.learningRate[epoch], expectedRate.get(epoch).doubleValue());
        }
        List<Number> evalEpochs = expectedEval.get("epoch");
        assertThat(recorded.evaluations).isEqualTo(evalEpochs.size());
        for (int i = 0; i < evalEpochs.size(); i++) {
            assertThat(recorded.evalEpoch[i]).isEqualTo(evalEpochs.get(i).intValue());
            assertLoss(name, "eval.trainLoss[" + i + "]", recorded.evalTrainLoss[i],
                    expectedEval.get("trainLoss").get(i).doubleValue());
            assertLoss(name, "eval.testLoss[" + i + "]", recorded.evalTestLoss[i],
                    expectedEval.get("testLoss").get(i).doubleValue());
            assertThat(recorded.evalTrainAccuracy[i]).as("%s eval.trainAccuracy[%d]", name, i)
                    .isEqualTo(expectedEval.get("trainAccuracy").get(i).doubleValue());
            assertThat(recorded.evalTestAccuracy[i]).as("%s eval.testAccuracy[%d]", name, i)
                    .isEqualTo(expectedEval.get("testAccuracy").get(i).doubleValue());
        }
        int last = evalEpochs.size() - 1;
        assertThat(result.testLoss()).isEqualTo(recorded.evalTestLoss[last]);
    }

    private static void assertLoss(String name, String what, double actual, double expected) {
        double error = relativeError(actual, expected);
        synchronized (TorchGoldenTests.class) {
            WORST_PER_LAYER_CONFIGURATION.merge(name, error, Math::max);
            if (error > worstLossError) {
                worstLossError = error;
                worstLoss = name + " " + what;
            }
        }
        assertThat(error).as("%s %s: %s vs torch %s", name, what, actual, expected).isLessThanOrEqualTo(LOSS_TOLERANCE);
    }

    private static void assertRate(String name, int epoch, double actual, double expected) {
        double error = relativeError(actual, expected);
        synchronized (TorchGoldenTests.class) {
            if (error > worstRateError) {
                worstRateError = error;
                worstRate = name + " learningRate[" + epoch + "]";
            }
        }
        assertThat(error).as("%s learningRate[%d]: %s vs torch %s", name, epoch, actual, expected)
                .isLessThanOrEqualTo(RATE_TOLERANCE);
    }

    private static double relativeError(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }

    private static <T> T read(String folder, String name, Class<T> type) throws IOException {
        try (InputStream in = TorchGoldenTests.class.getResourceAsStream("/golden/" + folder + "/" + name + ".json")) {
            assertThat(in).as("golden file for %s", name).isNotNull();
            return JSON.readValue(in, type);
        }
    }

    @AfterAll
    static void reportWorstErrors() throws IOException {
        System.out.printf("TorchGoldenTests: largest relative error against PyTorch: loss %.3e (%s), "
                + "learning rate %.3e (%s)%n", worstLossError, worstLoss, worstRateError, worstRate);
        List<String> layers = layerConfigurations();
        WORST_PER_LAYER_CONFIGURATION.forEach((name, error) -> {
            if (layers.contains(name)) {
                System.out.printf("TorchGoldenTests: %-34s largest relative loss error %.3e%n", name, error);
            }
        });
    }
}
