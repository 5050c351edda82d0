package io.mlplab.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.LimitsProperties;
import io.mlplab.training.Activation;
import io.mlplab.training.Experiment;
import io.mlplab.training.LayerSpec.Activate;
import io.mlplab.training.LayerSpec.Linear;
import io.mlplab.training.RecordingListener;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.InvalidSpecException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** The one compile step: resolution, the rules between fields, the engine's rules and the limits. */
class SpecCompilerTests {

    private static List<FieldProblem> problems(String json) {
        try {
            Specs.compile(json);
        } catch (InvalidSpecException e) {
            return e.errors();
        }
        return List.of();
    }

    private static FieldProblem problem(String json, String field) {
        return problems(json).stream().filter(p -> p.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem on " + field + " in " + problems(json)));
    }

    @Test
    void theEmptySpecIsTheSeedsExperiment() {
        CompiledSpec seed = Specs.compile("{}");
        Experiment experiment = seed.experiment();
        assertThat(experiment.seed()).isEqualTo(42);
        assertThat(experiment.model().layers()).isEmpty();
        assertThat(experiment.model().outputActivation()).isEqualTo(new Activation.Sigmoid());
        assertThat(experiment.training().epochs()).isEqualTo(1000);
        assertThat(experiment.training().schedule().learningRate(0, 1000)).isEqualTo(0.1);
        assertThat(experiment.problems(2)).isEmpty();
    }

    @Test
    void namesTheFieldOfEachEngineProblem() {
        assertThat(problems("{\"model\":{\"outputActivation\":\"sigmoid\"},\"training\":{\"epochs\":10,"
                + "\"loss\":\"cross_entropy\",\"schedule\":{\"type\":\"warmup_cosine\",\"warmupEpochs\":10}}}"))
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("model.outputActivation", "training.schedule.warmupEpochs");
        assertThat(problem("{\"model\":{\"outputActivation\":\"relu\"},\"training\":{\"loss\":\"bce\"}}",
                "model.outputActivation").message()).contains("sigmoid");
    }

    @Test
    void picksTheOutputActivationTheLossNeedsWhenNoneIsGiven() {
        assertThat(Specs.compile("{\"training\":{\"loss\":\"cross_entropy\"}}").experiment().model()
                .outputActivation()).isEqualTo(new Activation.Linear());
        assertThat(Specs.compile("{\"model\":{\"activation\":\"relu\"},\"training\":{\"loss\":\"bce\"}}")
                .experiment().model().outputActivation()).isEqualTo(new Activation.Sigmoid());
        assertThat(Specs.compile("{\"model\":{\"activation\":\"relu\",\"hiddenLayers\":[4]}}").experiment().model()
                .outputActivation()).isEqualTo(new Activation.Relu());
    }

    @Test
    void theShorthandIsTheLayerListItSpellsOut() {
        CompiledSpec shorthand = Specs.compile("{\"model\":{\"hiddenLayers\":[16,32],\"activation\":\"relu\"}}");
        CompiledSpec layers = Specs.compile("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":16},"
                + "{\"type\":\"activation\",\"function\":\"relu\"},{\"type\":\"linear\",\"units\":32},"
                + "{\"type\":\"activation\",\"function\":\"relu\"}]}}");

        assertThat(layers.experiment().model().layers()).isEqualTo(shorthand.experiment().model().layers())
                .containsExactly(new Linear(16), new Activate(new Activation.Relu()), new Linear(32),
                        new Activate(new Activation.Relu()));
        // the last activation of the list is the output's, as the seed's rule for the shorthand
        assertThat(layers.experiment().model().outputActivation()).isEqualTo(new Activation.Relu());
        assertThat(layers.spec().model().hiddenLayers()).isNull();
        assertThat(layers.spec().model().outputActivation()).isEqualTo(ActivationType.RELU);
    }

    @Test
    void theShorthandAndTheLayerListTrainToTheSameBits() {
        String tail = ",\"training\":{\"epochs\":50}}";
        RecordingListener shorthand = train("{\"model\":{\"hiddenLayers\":[16,8],\"activation\":\"tanh\"}" + tail);
        RecordingListener layers = train("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":16},"
                + "{\"type\":\"activation\",\"function\":\"tanh\"},{\"type\":\"linear\",\"units\":8},"
                + "{\"type\":\"activation\",\"function\":\"tanh\"}]}" + tail);
        assertThat(layers.losses()).containsExactly(shorthand.losses());
        assertThat(layers.evalTestLoss).containsExactly(shorthand.evalTestLoss);
    }

    private static RecordingListener train(String json) {
        RecordingListener listener = new RecordingListener(50);
        new Trainer(Specs.compile(json).experiment()).run(listener, TrainingControl.NEVER);
        return listener;
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model":{"hiddenLayers":[4],"layers":[]}}                                         | model.hiddenLayers          | model.layers
            {"model":{"activation":"relu","layers":[]}}                                        | model.activation            | model.layers
            {"model":{"layers":[{"type":"activation","function":"relu","negativeSlope":0.1}]}} | model.layers[0].negativeSlope | leaky_relu
            {"model":{"layers":[{"type":"linear","units":4}],"negativeSlope":0.1}}             | model.negativeSlope         | outputActivation
            {"model":{"layers":[{"type":"linear","units":4},{"type":"linear","units":600}]}}   | model.layers[1].units       | max-width
            {"model":{"layers":[{"type":"linear","units":4},{"type":"linear","units":0}]}}     | model.layers[1].units       | greater than 0
            {"model":{"layers":[{"type":"linear"}]}}                                           | model.layers[0].units       | null
            {"model":{"layers":[{"type":"activation"}]}}                                       | model.layers[0].function    | null
            {"model":{"layers":[{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1},{"type":"linear","units":1}]}} | model.layers | max-hidden-layers
            {"training":{"epochs":100,"schedule":{"type":"warmup_cosine","warmupEpochs":100}}} | training.schedule.warmupEpochs | less than training.epochs
            {"model":{"layers":[{"type":"linear","units":16},{"type":"residual","layers":[{"type":"linear","units":8}]}]}} | model.layers[1].layers | its input has 16 units and its inner list gives 8
            {"model":{"layers":[{"type":"residual","layers":[{"type":"linear","units":4}]}]}}  | model.layers[0].layers      | its input has 8 units and its inner list gives 4
            {"model":{"layers":[{"type":"linear","units":4},{"type":"residual","layers":[{"type":"residual","layers":[{"type":"linear","units":3}]},{"type":"linear","units":4}]}]}} | model.layers[1].layers[0].layers | its input has 4 units and its inner list gives 3
            {"model":{"layers":[{"type":"residual","layers":[{"type":"activation","function":"relu","negativeSlope":0.1}]}]}} | model.layers[0].layers[0].negativeSlope | leaky_relu
            {"model":{"layers":[{"type":"residual","layers":[{"type":"linear","units":0}]}]}}  | model.layers[0].layers[0].units | greater than 0
            {"model":{"layers":[{"type":"linear","units":600},{"type":"residual","layers":[{"type":"linear","units":600}]}]}} | model.layers[1].layers[0].units | max-width
            {"model":{"layers":[{"type":"residual"}]}}                                         | model.layers[0].layers      | null
            {"model":{"layers":[{"type":"dropout","p":1.0}]}}                                  | model.layers[0].p           | less than 1
            {"model":{"layers":[{"type":"dropout","p":-0.1}]}}                                 | model.layers[0].p           | greater than or equal to 0
            {"model":{"layers":[{"type":"batch_norm","momentum":1.5}]}}                        | model.layers[0].momentum    | less than or equal to 1
            {"model":{"layers":[{"type":"layer_norm","eps":0}]}}                               | model.layers[0].eps         | greater than 0
            {"model":{"layers":[{"type":"batch_norm"}]},"training":{"batchSize":1}}            | training.batchSize          | model.layers[0]
            {"model":{"layers":[{"type":"residual","layers":[{"type":"batch_norm"}]}]},"training":{"batchSize":3}} | training.batchSize | last batch of 1 row
            """)
    void rejectsALayerListThatDoesNotFitNamingThePath(String json, String field, String words) {
        assertThat(problem(json, field).message()).contains(words);
    }

    @Test
    void theNewKindsEchoTheirDefaultsAndCompileToTheEngineKinds() {
        CompiledSpec compiled = Specs.compile("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":4},"
                + "{\"type\":\"batch_norm\"},{\"type\":\"residual\",\"layers\":[{\"type\":\"layer_norm\"},"
                + "{\"type\":\"dropout\"},{\"type\":\"activation\",\"function\":\"tanh\"}]}]}}");
        assertThat(compiled.spec().model().layers()).containsExactly(new LayerSpec.Linear(4),
                new LayerSpec.BatchNorm(0.1, 1e-5), new LayerSpec.Residual(List.of(new LayerSpec.LayerNorm(1e-5),
                        new LayerSpec.Dropout(0.5), new LayerSpec.Activate(ActivationType.TANH, null))));
        assertThat(compiled.experiment().model().layers()).containsExactly(new io.mlplab.training.LayerSpec.Linear(4),
                new io.mlplab.training.LayerSpec.BatchNorm(0.1, 1e-5), new io.mlplab.training.LayerSpec.Residual(List.of(
                        new io.mlplab.training.LayerSpec.LayerNorm(1e-5), new io.mlplab.training.LayerSpec.Dropout(0.5),
                        new io.mlplab.training.LayerSpec.Activate(new Activation.Tanh()))));
        // the last activation, depth-first, is the output's when none is given
        assertThat(compiled.spec().model().outputActivation()).isEqualTo(ActivationType.TANH);
        // 8·4 + 4 weights, γ and β of the norms (4 + 4 wide), the output's 4 + 1
        assertThat(compiled.experiment().model().parameterCount(8, 1)).isEqualTo(36 + 8 + 8 + 5);
        assertThat(compiled.experiment().model().weightLayers()).isEqualTo(2);
    }

    @Test
    void aLeakyReluEntryGetsItsDefaultSlope() {
        CompiledSpec compiled = Specs.compile("{\"model\":{\"layers\":[{\"type\":\"linear\",\"units\":4},"
                + "{\"type\":\"activation\",\"function\":\"leaky_relu\"}]}}");
        assertThat(compiled.spec().model().layers().get(1))
                .isEqualTo(new LayerSpec.Activate(ActivationType.LEAKY_RELU, Activation.LeakyRelu.DEFAULT_SLOPE));
        assertThat(compiled.spec().model().negativeSlope()).isEqualTo(Activation.LeakyRelu.DEFAULT_SLOPE);
    }

    /** Sizes the default settings accept on any machine with the heap of a small laptop's default JVM. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"data\":{\"samples\":500,\"features\":8},\"model\":{\"hiddenLayers\":[16],\"activation\":\"sigmoid\"},"
                + "\"training\":{\"epochs\":1000}}",
        "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}",
        "{\"model\":{\"hiddenLayers\":[16,32,16,8],\"activation\":\"relu\"}}",
        "{\"data\":{\"samples\":5000,\"features\":16},\"model\":{\"hiddenLayers\":[64,64],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":200}}",
        "{\"data\":{\"samples\":25000,\"features\":64},\"model\":{\"hiddenLayers\":[256,256],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":10}}",
        "{\"data\":{\"samples\":10000,\"features\":128},\"model\":{\"hiddenLayers\":[512,512,512],"
                + "\"activation\":\"sigmoid\"},\"training\":{\"epochs\":5}}"})
    void theDefaultLimitsAcceptTheStudysSizes(String json) {
        String off = json.substring(0, json.length() - 1) + ",\"diagnostics\":{\"every\":0}}";
        assertThat(problems(off)).isEmpty();
    }

    @Test
    void aJobTooLargeForTheHeapSaysHowMuchItNeedsAndHowMuchThereIs() {
        SpecCompiler small = Specs.compiler(new LimitsProperties(8, 512, 100_000, 512, 100_000, 1_000_000_000_000L,
                DataSize.ofMegabytes(64), 100_000L, DataSize.ofMegabytes(1)), Specs.JOBS);
        assertThatThrownBy(() -> small.compile(Specs.read("{\"data\":{\"samples\":25000,\"features\":64},"
                + "\"model\":{\"hiddenLayers\":[256,256]},\"training\":{\"epochs\":1}}")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.field()).isEqualTo("data.samples");
                            assertThat(p.message()).contains("about 432 MB", "64 MB", "mlp.limits.max-job-memory");
                        }));
    }

    @Test
    void withoutAConfiguredMemoryAJobMayTakeItsShareOfTheHeap() {
        JobsProperties four = new JobsProperties(4, 100, 1000, Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        SpecLimits limits = new SpecLimits(Specs.LIMITS, four);
        assertThat(limits.maxJobMemory()).isEqualTo((long) (Runtime.getRuntime().maxMemory() * 0.75 / 4));
    }

    @Test
    void budgetMessagesPrintExactNumbersWhereThreeDigitsLookEqual() {
        assertThat(SpecLimits.compare(1_000_400_000_000L, 1_000_000_000_000L))
                .containsExactly("1000400000000", "1000000000000");
        assertThat(SpecLimits.compare(2_000_000_000_000L, 1_000_000_000_000L)).containsExactly("2.00e+12", "1.00e+12");
        assertThat(SpecLimits.bytes(687L * 1024 * 1024)).isEqualTo("687 MB");
        assertThat(SpecLimits.bytes(6L * 1024 * 1024 * 1024)).isEqualTo("6.0 GB");
    }

    @Test
    void fillsInEachDataKindsDefaultsAndEchoesNoiseOnlyWhenGiven() throws Exception {
        assertThat(Specs.JSON.writeValueAsString(Specs.compile("{\"data\":{\"kind\":\"moons\"}}").spec().data()))
                .isEqualTo("{\"kind\":\"moons\",\"samples\":500,\"noise\":0.1,\"testFraction\":0.2,"
                        + "\"standardize\":true}");
        assertThat(Specs.compile("{\"data\":{\"kind\":\"circles\"}}").spec().data())
                .isEqualTo(new DataSpec.Circles(500, 0.05, 0.8, 0.2, true, null, null));
        assertThat(Specs.compile("{\"data\":{\"kind\":\"spirals\",\"noiseFeatures\":3,\"labelNoise\":0.1}}")
                .spec().data()).isEqualTo(new DataSpec.Spirals(500, 2, 0.05, 0.2, true, 3, 0.1));
        assertThat(Specs.JSON.writeValueAsString(Specs.compile("{}").spec().data())).doesNotContain("noise" + "Features")
                .doesNotContain("labelNoise");
        assertThat(Specs.compile("{}").experiment().data().labelNoise()).isZero();
    }

    @Test
    void noiseFeaturesWidenTheNetworksInputAndCountAgainstTheLimits() {
        CompiledSpec wide = Specs.compile("{\"data\":{\"kind\":\"xor\",\"noiseFeatures\":6,\"labelNoise\":0.2},"
                + "\"training\":{\"epochs\":1}}");
        Trainer trainer = new Trainer(wide.experiment());
        assertThat(trainer.split().train().x().numCols).isEqualTo(8);
        assertThat(trainer.network().size(0)).isEqualTo(8);
        assertThat(wide.experiment().data().labelNoise()).isEqualTo(0.2);
        assertThat(problem("{\"data\":{\"features\":500,\"noiseFeatures\":20}}", "data.noiseFeatures").message())
                .contains("500 + 20").contains("mlp.limits.max-features");
        assertThat(problem("{\"data\":{\"features\":600}}", "data.features").message())
                .contains("mlp.limits.max-features");
    }
}
