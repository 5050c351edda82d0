package io.mlplab.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.data.GaussianBlobs;
import io.mlplab.training.Activation;
import io.mlplab.training.DiagnosticsSettings;
import io.mlplab.training.Experiment;
import io.mlplab.training.Initializer;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.training.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table of options states the defaults that the engine's settings records own; each row's
 * default cell must name them, so a changed default cannot leave the README behind.
 */
class ReadmeDefaultsTests {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("model.init.scale", List.of(Initializer.Uniform.SEED_SCALE)),
                Arguments.of("model.negativeSlope", List.of(Activation.LeakyRelu.DEFAULT_SLOPE)),
                Arguments.of("model.layers[].eps", List.of(io.mlplab.training.LayerSpec.LayerNorm.DEFAULT_EPS)),
                Arguments.of("model.layers[].momentum", List.of(io.mlplab.training.LayerSpec.BatchNorm.DEFAULT_MOMENTUM)),
                Arguments.of("model.layers[].p", List.of(io.mlplab.training.LayerSpec.Dropout.DEFAULT_P)),
                Arguments.of("training.optimizer.learningRate", List.of(OptimizerSpec.SEED_LEARNING_RATE)),
                Arguments.of("training.optimizer.momentum", List.of(Optimizer.Sgd.DEFAULTS.momentum(),
                        Optimizer.RmsProp.DEFAULTS.momentum())),
                Arguments.of("training.optimizer.dampening", List.of(Optimizer.Sgd.DEFAULTS.dampening())),
                Arguments.of("training.optimizer.nesterov", List.of(Optimizer.Sgd.DEFAULTS.nesterov())),
                Arguments.of("training.optimizer.weightDecay", List.of(Optimizer.Adam.DEFAULTS.weightDecay(),
                        Optimizer.AdamW.DEFAULTS.weightDecay())),
                Arguments.of("training.optimizer.betas", List.of(Optimizer.Adam.DEFAULTS.beta1(),
                        Optimizer.Adam.DEFAULTS.beta2(), Optimizer.AdamW.DEFAULTS.beta2())),
                Arguments.of("training.optimizer.eps", List.of(Optimizer.Adam.DEFAULTS.eps(),
                        Optimizer.Adagrad.DEFAULTS.eps(), Optimizer.RmsProp.DEFAULTS.eps())),
                Arguments.of("training.optimizer.alpha", List.of(Optimizer.RmsProp.DEFAULTS.alpha(),
                        Optimizer.RmsProp.DEFAULTS.centered())),
                Arguments.of("training.optimizer.lrDecay", List.of(Optimizer.Adagrad.DEFAULTS.lrDecay(),
                        Optimizer.Adagrad.DEFAULTS.initialAccumulatorValue())),
                Arguments.of("training.schedule.gamma", List.of(LearningRateSchedule.Step.DEFAULT_GAMMA)),
                Arguments.of("training.schedule.minLearningRate",
                        List.of(LearningRateSchedule.Cosine.DEFAULT_MIN_LEARNING_RATE)),
                Arguments.of("training.schedule.pctStart", List.of(LearningRateSchedule.OneCycle.DEFAULT_PCT_START,
                        LearningRateSchedule.OneCycle.DEFAULT_DIV_FACTOR,
                        LearningRateSchedule.OneCycle.DEFAULT_FINAL_DIV_FACTOR)),
                Arguments.of("training.earlyStopping", List.of("testLoss", Experiment.EarlyStopping.DEFAULTS.patience(),
                        Experiment.EarlyStopping.DEFAULTS.minDelta())),
                Arguments.of("data.classes", List.of(GaussianBlobs.DEFAULT_CLASSES, GaussianBlobs.DEFAULT_SPREAD)),
                Arguments.of("data.noise", List.of(DataSpec.Blobs.SEED.noise(), DataSpec.PLANE_NOISE,
                        DataSpec.FINE_NOISE)),
                Arguments.of("data.factor", List.of(io.mlplab.data.Circles.DEFAULT_FACTOR)),
                Arguments.of("data.arms", List.of(io.mlplab.data.Spirals.DEFAULT_ARMS)),
                Arguments.of("model.init.scheme", List.of("uniform")),
                Arguments.of("training.optimizer.type", List.of("sgd")),
                Arguments.of("training.schedule.type", List.of("constant")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theReadmeNamesTheEnginesDefault(String field, List<Object> defaults) throws IOException {
        String cell = defaultCell(field);
        for (Object value : defaults) {
            assertThat(cell).as("README default of %s", field).contains(readme(value));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagnostics")
    void theReadmeNamesTheDiagnosticsDefaults(String words) throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains(words);
    }

    static Stream<String> diagnostics() {
        DiagnosticsSettings d = DiagnosticsSettings.DEFAULTS;
        return Stream.of("`diagnostics.saturationThreshold` (" + readme(d.saturationThreshold()) + ")");
    }

    /** The last cell of the option table's row whose first cell names {@code field}. */
    private static String defaultCell(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| `" + field + "`")) {
                String[] cells = line.split(" \\| ");
                return cells[cells.length - 1];
            }
        }
        throw new AssertionError("no README row for " + field);
    }

    /** A value as the README writes it: {@code 0}, {@code 0.01}, {@code 1e-8}, {@code 1e4}. */
    static String readme(Object value) {
        if (!(value instanceof Double d)) {
            return String.valueOf(value);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1000) {
            return Long.toString((long) (double) d);
        }
        if (Math.abs(d) >= 1000 || Math.abs(d) < 0.005) {
            String[] parts = String.format(Locale.ROOT, "%e", d).split("e");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        return Double.toString(d);
    }

}
