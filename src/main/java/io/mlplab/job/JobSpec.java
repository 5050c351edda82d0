package io.mlplab.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A training experiment as clients write it. Every field is optional: an absent (or {@code null}) field
 * takes the seed study's value, so {@code {}} is the seed's experiment and each field changes one thing.
 * {@link #withDefaults()} is the one place where defaults are filled in; the job echoes the result.
 *
 * <p>The annotations check what is wrong whatever the server's configuration (a negative width); the
 * configurable resource limits are checked by the service.
 *
 * @param name     free text for people, not interpreted
 * @param seed     seeds the random stream that draws the data and then the weights, and the split
 * @param data     the dataset
 * @param model    the network
 * @param training the training loop
 */
@Schema(description = "A training experiment. Every field is optional; an absent field takes the seed "
        + "study's value, so `{}` is the seed's experiment.",
        example = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}")
public record JobSpec(
        @Schema(description = "Free text for people, not interpreted.", example = "relu-3-hidden",
                nullable = true, maxLength = 200)
        @Size(max = 200) String name,
        @Schema(description = "Seeds the random stream that draws the data and then the weights (layer by "
                + "layer), and the train/test split, as numpy.random.seed and random_state do.",
                example = "42", minimum = "0", maximum = "4294967295")
        @Min(0) @Max(4294967295L) Long seed,
        @Schema(description = "The dataset.") @Valid Data data,
        @Schema(description = "The network.") @Valid Model model,
        @Schema(description = "The training loop.") @Valid Training training) {

    /** The seed study's experiment: what {@code {}} means. */
    public static final JobSpec SEED = new JobSpec(null, 42L,
            new Data(DataKind.BLOBS, 500, 8, 2.0, 1.0, 0.2, true),
            new Model(List.of(), ActivationType.SIGMOID, null, new Init(InitScheme.UNIFORM, 0.01)),
            new Training(1000, LossType.MSE, null, new Optimizer(OptimizerType.SGD, 0.1), 10));

    /** This spec with every absent field taken from {@link #SEED}; {@code outputActivation} from {@code activation}. */
    public JobSpec withDefaults() {
        return new JobSpec(name, or(seed, SEED.seed),
                or(data, Data.EMPTY).withDefaults(SEED.data),
                or(model, Model.EMPTY).withDefaults(SEED.model),
                or(training, Training.EMPTY).withDefaults(SEED.training));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @param kind         how the samples are generated
     * @param samples      number of samples before the split
     * @param features     number of input features
     * @param center       blobs: class 1 is centred at +center in every feature, class 0 at -center
     * @param noise        blobs: standard deviation of each feature around its centre
     * @param testFraction share of samples held out for testing, as scikit-learn's test_size
     * @param standardize  scale every feature to mean 0 and population std 1 before the split
     */
    @Schema(name = "JobSpecData", description = "The dataset.", example = "{\"kind\":\"blobs\",\"samples\":500,"
            + "\"features\":8,\"center\":2.0,\"noise\":1.0,\"testFraction\":0.2,\"standardize\":true}")
    public record Data(
            @Schema(description = "How the samples are generated. `blobs`: two Gaussian blobs, labels 1 and 0.",
                    example = "blobs")
            DataKind kind,
            @Schema(description = "Number of samples before the split (half of them class 1).", example = "500",
                    minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Number of input features.", example = "8", minimum = "1")
            @Min(1) Integer features,
            @Schema(description = "Blobs: class 1 is centred at +center in every feature, class 0 at -center.",
                    example = "2.0")
            Double center,
            @Schema(description = "Blobs: standard deviation of every feature around its centre.",
                    example = "1.0", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = "Share of the samples held out for testing (scikit-learn's test_size).",
                    example = "0.2", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = "Standardize every feature (mean 0, population std 1) before the split.",
                    example = "true")
            Boolean standardize) {

        static final Data EMPTY = new Data(null, null, null, null, null, null, null);

        Data withDefaults(Data d) {
            return new Data(or(kind, d.kind), or(samples, d.samples), or(features, d.features),
                    or(center, d.center), or(noise, d.noise), or(testFraction, d.testFraction),
                    or(standardize, d.standardize));
        }
    }

    /**
     * @param hiddenLayers     the width of each hidden layer, input side first; empty for none
     * @param activation       the activation of every hidden layer
     * @param outputActivation the output layer's activation; absent means the same as {@code activation}
     * @param init             how the weights are drawn
     */
    @Schema(name = "JobSpecModel", description = "The network.", example = "{\"hiddenLayers\":[16,32,16],"
            + "\"activation\":\"relu\",\"outputActivation\":\"relu\",\"init\":{\"scheme\":\"uniform\",\"scale\":0.01}}")
    public record Model(
            @Schema(description = "The width of each hidden layer, input side first; empty for a network with no "
                    + "hidden layer.", example = "[16, 32, 16]")
            List<@NotNull @Positive Integer> hiddenLayers,
            @Schema(description = "The activation of every hidden layer.", example = "relu")
            ActivationType activation,
            @Schema(description = "The output layer's activation; absent means the same as `activation`, "
                    + "as in the seed study.", example = "sigmoid")
            ActivationType outputActivation,
            @Schema(description = "How the initial weights are drawn; biases start at zero.") @Valid Init init) {

        static final Model EMPTY = new Model(null, null, null, null);

        Model withDefaults(Model d) {
            ActivationType hidden = or(activation, d.activation);
            return new Model(List.copyOf(or(hiddenLayers, d.hiddenLayers)), hidden,
                    or(outputActivation, hidden), or(init, Init.EMPTY).withDefaults(d.init));
        }
    }

    /**
     * @param scheme how the weights are drawn
     * @param scale  the multiplier of the uniform draw
     */
    @Schema(name = "JobSpecInit", description = "How the initial weights are drawn; biases start at zero.",
            example = "{\"scheme\":\"uniform\",\"scale\":0.01}")
    public record Init(
            @Schema(description = "`uniform`: rand(in, out) * scale, as the seed study.", example = "uniform")
            InitScheme scheme,
            @Schema(description = "Multiplier of the uniform draw.", example = "0.01", exclusiveMinimum = true,
                    minimum = "0")
            @Positive Double scale) {

        static final Init EMPTY = new Init(null, null);

        Init withDefaults(Init d) {
            return new Init(or(scheme, d.scheme), or(scale, d.scale));
        }
    }

    /**
     * @param epochs        full passes over the training set
     * @param loss          what is minimized
     * @param batchSize     samples per update; null means full batch (the only mode supported so far)
     * @param optimizer     how the weights are updated
     * @param evaluateEvery evaluate on both sets every this many epochs, and after the last one
     */
    @Schema(name = "JobSpecTraining", description = "The training loop.", example = "{\"epochs\":1000,\"loss\":\"mse\","
            + "\"batchSize\":null,\"optimizer\":{\"type\":\"sgd\",\"learningRate\":0.1},\"evaluateEvery\":10}")
    public record Training(
            @Schema(description = "Full passes over the training set.", example = "1000", minimum = "1")
            @Positive Integer epochs,
            @Schema(description = "What is minimized. `mse`: mean squared error, as the seed study.",
                    example = "mse")
            LossType loss,
            @Schema(description = "Samples per update. Null means full batch, the only mode supported so "
                    + "far: any other value is answered with 400.", example = "null", nullable = true)
            @JsonInclude(JsonInclude.Include.ALWAYS)
            @Positive Integer batchSize,
            @Schema(description = "How the weights are updated.") @Valid Optimizer optimizer,
            @Schema(description = "Evaluate on the training and the test set every this many epochs, and "
                    + "after the last one.", example = "10", minimum = "1")
            @Positive Integer evaluateEvery) {

        static final Training EMPTY = new Training(null, null, null, null, null);

        Training withDefaults(Training d) {
            return new Training(or(epochs, d.epochs), or(loss, d.loss), batchSize,
                    or(optimizer, Optimizer.EMPTY).withDefaults(d.optimizer), or(evaluateEvery, d.evaluateEvery));
        }
    }

    /**
     * @param type         the update rule
     * @param learningRate the step size
     */
    @Schema(name = "JobSpecOptimizer", description = "How the weights are updated.",
            example = "{\"type\":\"sgd\",\"learningRate\":0.1}")
    public record Optimizer(
            @Schema(description = "`sgd`: plain gradient descent, p ← p − learningRate · gradient.",
                    example = "sgd")
            OptimizerType type,
            @Schema(description = "The step size.", example = "0.1", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate) {

        static final Optimizer EMPTY = new Optimizer(null, null);

        Optimizer withDefaults(Optimizer d) {
            return new Optimizer(or(type, d.type), or(learningRate, d.learningRate));
        }
    }

    /** How the samples are generated. */
    public enum DataKind implements JsonEnum {
        BLOBS
    }

    /** An element-wise activation function. */
    public enum ActivationType implements JsonEnum {
        SIGMOID, RELU, TANH, LEAKY_RELU, GELU, LINEAR
    }

    /** A loss function. */
    public enum LossType implements JsonEnum {
        MSE
    }

    /** An update rule. */
    public enum OptimizerType implements JsonEnum {
        SGD
    }

    /** A weight initialization scheme. */
    public enum InitScheme implements JsonEnum {
        UNIFORM
    }
}
