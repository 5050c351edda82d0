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
 * @param training    the training loop
 * @param diagnostics per-layer gradient diagnostics and the run's summary
 */
@Schema(description = "A training experiment. Every field is optional; an absent field takes the seed "
        + "study's value, so `{}` is the seed's experiment.",
        example = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}")
@SpecRules.Consistent
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
        @Schema(description = "The training loop.") @Valid Training training,
        @Schema(description = "Per-layer gradient diagnostics, recorded in the history's `layers` and summarized "
                + "in the result.") @Valid Diagnostics diagnostics) {

    /** The seed study's experiment: what {@code {}} means. */
    public static final JobSpec SEED = new JobSpec(null, 42L,
            new Data(DataKind.BLOBS, 500, 8, 2.0, null, null, 1.0, 0.2, true),
            new Model(List.of(), ActivationType.SIGMOID, null, null, new Init(InitScheme.UNIFORM, 0.01, null)),
            new Training(1000, LossType.MSE, null, null, Optimizer.EMPTY.withType(OptimizerType.SGD, 0.1),
                    new Schedule(ScheduleType.CONSTANT, null, null, null, null, null, null, null), 10, null, null),
            new Diagnostics(10, 0.01, 100, 1e-4, 1e-3));

    /**
     * This spec with every absent field taken from {@link #SEED}, or from the documented default of the option
     * chosen (an optimizer's PyTorch defaults, a schedule's parameters); {@code outputActivation} from the loss
     * and {@code activation}. Fields that do not apply to the choice made stay null. Call it only on a spec
     * that {@link SpecRules} accepts.
     */
    public JobSpec withDefaults() {
        Model m = or(model, Model.EMPTY);
        Training t = or(training, Training.EMPTY);
        LossType loss = or(t.loss, SEED.training.loss);
        return new JobSpec(name, or(seed, SEED.seed),
                or(data, Data.EMPTY).withDefaults(SEED.data),
                m.withDefaults(SEED.model, loss),
                t.withDefaults(SEED.training),
                or(diagnostics, Diagnostics.EMPTY).withDefaults(SEED.diagnostics));
    }

    /** Weight layers of the network: the hidden layers and the output layer. */
    int weightLayers() {
        return (model == null || model.hiddenLayers() == null ? 0 : model.hiddenLayers().size()) + 1;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @param kind         how the samples are generated
     * @param samples      number of samples before the split
     * @param features     number of input features
     * @param center       blobs: class 1 is centred at +center in every feature, class 0 at -center
     * @param classes      gaussian_blobs: the number of classes
     * @param spread       gaussian_blobs: every centre coordinate is uniform on [-spread, spread)
     * @param noise        standard deviation of each feature around its centre
     * @param testFraction share of samples held out for testing, as scikit-learn's test_size
     * @param standardize  scale every feature to mean 0 and population std 1 before the split
     */
    @Schema(name = "JobSpecData", description = "The dataset.", example = "{\"kind\":\"blobs\",\"samples\":500,"
            + "\"features\":8,\"center\":2.0,\"noise\":1.0,\"testFraction\":0.2,\"standardize\":true}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            @Schema(description = "How the samples are generated. `blobs`: two Gaussian blobs, labels 1 and 0 (the "
                    + "seed's). `gaussian_blobs`: `classes` Gaussian blobs with random centres, labels 0..classes-1.",
                    example = "blobs")
            DataKind kind,
            @Schema(description = "Number of samples before the split (blobs: half of them class 1; gaussian_blobs: "
                    + "an equal share per class).", example = "500", minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Number of input features.", example = "8", minimum = "1")
            @Min(1) Integer features,
            @Schema(description = "blobs only: class 1 is centred at +center in every feature, class 0 at -center. "
                    + "Default 2.0.", example = "2.0")
            Double center,
            @Schema(description = "gaussian_blobs only: the number of classes, at least 2. Default 3.", example = "3",
                    minimum = "2")
            @Min(2) Integer classes,
            @Schema(description = "gaussian_blobs only: each centre coordinate is drawn uniform on [-spread, spread). "
                    + "Default 2.0.", example = "2.0", minimum = "0")
            @PositiveOrZero Double spread,
            @Schema(description = "Standard deviation of every feature around its centre.",
                    example = "1.0", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = "Share of the samples held out for testing (scikit-learn's test_size).",
                    example = "0.2", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = "Standardize every feature (mean 0, population std 1) before the split.",
                    example = "true")
            Boolean standardize) {

        static final Data EMPTY = new Data(null, null, null, null, null, null, null, null, null);
        static final int DEFAULT_CLASSES = 3;
        static final double DEFAULT_SPREAD = 2.0;

        Data withDefaults(Data d) {
            DataKind k = or(kind, d.kind);
            boolean blobs = k == DataKind.BLOBS;
            return new Data(k, or(samples, d.samples), or(features, d.features),
                    blobs ? or(center, d.center) : null,
                    blobs ? null : or(classes, DEFAULT_CLASSES), blobs ? null : or(spread, DEFAULT_SPREAD),
                    or(noise, d.noise), or(testFraction, d.testFraction), or(standardize, d.standardize));
        }
    }

    /**
     * @param hiddenLayers     the width of each hidden layer, input side first; empty for none
     * @param activation       the activation of every hidden layer
     * @param outputActivation the output layer's activation; absent: sigmoid for bce, linear for cross_entropy,
     *                         else the same as {@code activation}
     * @param negativeSlope    leaky_relu's slope for negative inputs
     * @param init             how the weights are drawn
     */
    @Schema(name = "JobSpecModel", description = "The network.", example = "{\"hiddenLayers\":[16,32,16],"
            + "\"activation\":\"relu\",\"outputActivation\":\"relu\",\"init\":{\"scheme\":\"uniform\",\"scale\":0.01}}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            @Schema(description = "The width of each hidden layer, input side first; empty for a network with no "
                    + "hidden layer.", example = "[16, 32, 16]")
            List<@NotNull @Positive Integer> hiddenLayers,
            @Schema(description = "The activation of every hidden layer. `gelu` is the exact form (erf), "
                    + "`gelu_tanh` PyTorch's tanh approximation; `elu` has alpha 1; `softplus` has beta 1, "
                    + "threshold 20.", example = "relu")
            ActivationType activation,
            @Schema(description = "The output layer's activation. Absent: `sigmoid` for the bce loss, `linear` "
                    + "(logits) for cross_entropy, and otherwise the same as `activation`, as in the seed study.",
                    example = "sigmoid")
            ActivationType outputActivation,
            @Schema(description = "leaky_relu's slope for negative inputs; only when a layer uses leaky_relu. "
                    + "Default 0.01.", example = "0.01", minimum = "0")
            @PositiveOrZero Double negativeSlope,
            @Schema(description = "How the initial weights are drawn; biases start at zero.") @Valid Init init) {

        static final Model EMPTY = new Model(null, null, null, null, null);

        Model withDefaults(Model d, LossType loss) {
            ActivationType hidden = or(activation, d.activation);
            ActivationType output = or(outputActivation, switch (loss) {
                case BCE -> ActivationType.SIGMOID;
                case CROSS_ENTROPY -> ActivationType.LINEAR;
                case MSE -> hidden;
            });
            List<Integer> layers = List.copyOf(or(hiddenLayers, d.hiddenLayers));
            boolean leaky = output == ActivationType.LEAKY_RELU
                    || !layers.isEmpty() && hidden == ActivationType.LEAKY_RELU;
            return new Model(layers, hidden, output,
                    leaky ? or(negativeSlope, io.mlplab.training.Activation.LeakyRelu.DEFAULT_SLOPE) : null,
                    or(init, Init.EMPTY).withDefaults(d.init));
        }
    }

    /**
     * @param scheme how the weights are drawn
     * @param scale  the multiplier of the uniform draw
     * @param gain   the gain of the other schemes; null for each layer activation's gain
     */
    @Schema(name = "JobSpecInit", description = "How the initial weights are drawn; biases start at zero. Every "
            + "scheme draws in·out numbers per layer from the job's stream, row-major, first layer first.",
            example = "{\"scheme\":\"he_uniform\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Init(
            @Schema(description = "`uniform`: rand(in, out) * scale, as the seed study. `xavier_uniform`, "
                    + "`xavier_normal`: gain·sqrt(2/(in+out)) as std; `he_uniform`, `he_normal`: gain/sqrt(in) as "
                    + "std (PyTorch's kaiming, fan_in); `lecun_normal`: gain/sqrt(in) with gain 1. The uniform "
                    + "variants draw on [-sqrt(3)·std, sqrt(3)·std).", example = "he_uniform")
            InitScheme scheme,
            @Schema(description = "uniform only: the multiplier of the draw. Default 0.01.", example = "0.01",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double scale,
            @Schema(description = "Every scheme but uniform: the gain. Absent: the gain PyTorch's calculate_gain "
                    + "gives each layer's own activation (1 for lecun_normal).", example = "1.0",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) {

        static final Init EMPTY = new Init(null, null, null);

        Init withDefaults(Init d) {
            InitScheme s = or(scheme, d.scheme);
            return new Init(s, s == InitScheme.UNIFORM ? or(scale, d.scale) : null, gain);
        }
    }

    /**
     * @param epochs        full passes over the training set
     * @param loss          what is minimized
     * @param batchSize     samples per update; null means full batch
     * @param shuffle       mini-batches only: draw a new order of the training set every epoch
     * @param optimizer     how the weights are updated
     * @param schedule      the learning rate of each epoch
     * @param evaluateEvery evaluate on both sets every this many epochs, and after the last one
     * @param earlyStopping stop when the monitored loss stops improving
     * @param stopAtLoss    stop once an epoch's training loss is at most this
     */
    @Schema(name = "JobSpecTraining", description = "The training loop.", example = "{\"epochs\":1000,\"loss\":\"mse\","
            + "\"batchSize\":null,\"optimizer\":{\"type\":\"sgd\",\"learningRate\":0.1},\"evaluateEvery\":10}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(
            @Schema(description = "Full passes over the training set.", example = "1000", minimum = "1")
            @Positive Integer epochs,
            @Schema(description = "What is minimized. `mse`: mean squared error, as the seed study (one-hot targets "
                    + "for more than two classes). `bce`: binary cross-entropy from the logits; needs a sigmoid "
                    + "output. `cross_entropy`: softmax cross-entropy over one output per class; needs a linear "
                    + "output.", example = "mse")
            LossType loss,
            @Schema(description = "Samples per optimizer step. Null means full batch (the seed's). A batchSize of "
                    + "at least the training set's size makes one batch per epoch.", example = "32",
                    nullable = true, minimum = "1")
            @JsonInclude(JsonInclude.Include.ALWAYS)
            @Positive Integer batchSize,
            @Schema(description = "Only with batchSize: draw a new order of the training set every epoch "
                    + "(numpy's permutation on the job's stream). Default true.", example = "true")
            Boolean shuffle,
            @Schema(description = "How the weights are updated.") @Valid Optimizer optimizer,
            @Schema(description = "The learning rate of each epoch; absent is constant.") @Valid Schedule schedule,
            @Schema(description = "Evaluate on the training and the test set every this many epochs, and "
                    + "after the last one.", example = "10", minimum = "1")
            @Positive Integer evaluateEvery,
            @Schema(description = "Stop when the monitored loss stops improving; absent never.")
            @Valid EarlyStopping earlyStopping,
            @Schema(description = "Stop after the first epoch whose training loss (`train.loss`) is at most this; "
                    + "absent never.", example = "0.01", minimum = "0")
            @PositiveOrZero Double stopAtLoss) {

        static final Training EMPTY = new Training(null, null, null, null, null, null, null, null, null);

        Training withDefaults(Training d) {
            Optimizer o = or(optimizer, Optimizer.EMPTY);
            return new Training(or(epochs, d.epochs), or(loss, d.loss), batchSize,
                    batchSize == null ? null : or(shuffle, true),
                    o.withType(or(o.type, d.optimizer.type), or(o.learningRate, d.optimizer.learningRate)),
                    or(schedule, d.schedule).withDefaults(), or(evaluateEvery, d.evaluateEvery),
                    earlyStopping == null ? null : earlyStopping.withDefaults(), stopAtLoss);
        }
    }

    /**
     * PyTorch's {@code torch.optim} parameters, camel-cased; each type takes only its own.
     *
     * @param type                    the update rule
     * @param learningRate            the step size (one_cycle's maximum)
     * @param momentum                sgd, rmsprop
     * @param dampening               sgd
     * @param nesterov                sgd
     * @param weightDecay             every type
     * @param betas                   adam, adamw
     * @param eps                     adam, adamw, rmsprop, adagrad
     * @param alpha                   rmsprop
     * @param centered                rmsprop
     * @param lrDecay                 adagrad
     * @param initialAccumulatorValue adagrad
     */
    @Schema(name = "JobSpecOptimizer", description = "How the weights are updated, with torch.optim's semantics, "
            + "parameter names (camelCase) and defaults. A parameter the chosen type does not have is a 400. The job "
            + "echoes every parameter of its type, defaults filled in.",
            example = "{\"type\":\"adam\",\"learningRate\":0.001,\"betas\":[0.9,0.999]}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Optimizer(
            @Schema(description = "`sgd` (the seed's plain gradient descent without momentum), `adam`, `adamw` "
                    + "(decoupled weight decay), `rmsprop`, `adagrad`.", example = "sgd")
            OptimizerType type,
            @Schema(description = "The step size; with the one_cycle schedule, the maximum rate. Default 0.1 for "
                    + "every type.", example = "0.1", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "sgd, rmsprop: momentum factor. Default 0.", example = "0.9", minimum = "0")
            @PositiveOrZero Double momentum,
            @Schema(description = "sgd: dampening of the momentum. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double dampening,
            @Schema(description = "sgd: Nesterov momentum; needs momentum > 0 and dampening 0. Default false.",
                    example = "false")
            Boolean nesterov,
            @Schema(description = "L2 penalty added to the gradient (adamw: decoupled decay). Default 0, adamw 0.01.",
                    example = "0.0", minimum = "0")
            @PositiveOrZero Double weightDecay,
            @Schema(description = "adam, adamw: the moments' decay rates [beta1, beta2], each in [0, 1). "
                    + "Default [0.9, 0.999].", example = "[0.9, 0.999]")
            @Size(min = 2, max = 2) List<@NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double> betas,
            @Schema(description = "adam, adamw, rmsprop, adagrad: added to the denominator. Default 1e-8 "
                    + "(adagrad 1e-10).", example = "1e-8", minimum = "0")
            @PositiveOrZero Double eps,
            @Schema(description = "rmsprop: smoothing constant. Default 0.99.", example = "0.99", minimum = "0")
            @PositiveOrZero Double alpha,
            @Schema(description = "rmsprop: normalize by the gradient's estimated variance. Default false.",
                    example = "false")
            Boolean centered,
            @Schema(description = "adagrad: learning-rate decay. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double lrDecay,
            @Schema(description = "adagrad: the accumulator's start value. Default 0.", example = "0.0",
                    minimum = "0")
            @PositiveOrZero Double initialAccumulatorValue) {

        static final Optimizer EMPTY = new Optimizer(null, null, null, null, null, null, null, null, null, null,
                null, null);

        /** The parameters of {@code t}, each given value or PyTorch's default; the others null. */
        Optimizer withType(OptimizerType t, double lr) {
            return switch (t) {
                case SGD -> new Optimizer(t, lr, or(momentum, 0.0), or(dampening, 0.0), or(nesterov, false),
                        or(weightDecay, 0.0), null, null, null, null, null, null);
                case ADAM -> new Optimizer(t, lr, null, null, null, or(weightDecay, 0.0),
                        or(betas, List.of(0.9, 0.999)), or(eps, 1e-8), null, null, null, null);
                case ADAMW -> new Optimizer(t, lr, null, null, null, or(weightDecay, 0.01),
                        or(betas, List.of(0.9, 0.999)), or(eps, 1e-8), null, null, null, null);
                case RMSPROP -> new Optimizer(t, lr, or(momentum, 0.0), null, null, or(weightDecay, 0.0),
                        null, or(eps, 1e-8), or(alpha, 0.99), or(centered, false), null, null);
                case ADAGRAD -> new Optimizer(t, lr, null, null, null, or(weightDecay, 0.0), null, or(eps, 1e-10),
                        null, null, or(lrDecay, 0.0), or(initialAccumulatorValue, 0.0));
            };
        }
    }

    /**
     * PyTorch's {@code lr_scheduler}s, stepped once per epoch; each type takes only its own parameters.
     *
     * @param type            the schedule
     * @param stepSize        step: epochs between decays (required)
     * @param gamma           step (default 0.1), exponential (required): the decay factor
     * @param minLearningRate cosine, warmup_cosine: the rate approached at the end (default 0)
     * @param warmupEpochs    warmup_cosine: epochs of linear warm-up (required)
     * @param pctStart        one_cycle: share of the epochs spent rising (default 0.3)
     * @param divFactor       one_cycle: initial rate = learningRate / divFactor (default 25)
     * @param finalDivFactor  one_cycle: final rate = initial rate / finalDivFactor (default 1e4)
     */
    @Schema(name = "JobSpecSchedule", description = "The learning rate of each epoch, as PyTorch's lr_scheduler "
            + "stepped once per epoch; `training.optimizer.learningRate` is the base (one_cycle: the maximum). A "
            + "parameter the type does not take is a 400. The rate of every epoch is in the history's "
            + "`train.learningRate`.", example = "{\"type\":\"warmup_cosine\",\"warmupEpochs\":50,\"minLearningRate\":0.0}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Schedule(
            @Schema(description = "`constant` (the seed's); `step`: lr·gamma^floor(epoch/stepSize); `exponential`: "
                    + "lr·gamma^epoch; `cosine`: from lr towards minLearningRate over the run; `warmup_cosine`: linear "
                    + "warm-up lr·(epoch+1)/(warmupEpochs+1), then cosine; `one_cycle`: PyTorch's OneCycleLR "
                    + "(two phases, cosine, rate only).", example = "warmup_cosine")
            ScheduleType type,
            @Schema(description = "step (required): epochs between decays.", example = "100", minimum = "1")
            @Positive Integer stepSize,
            @Schema(description = "step (default 0.1), exponential (required): the decay factor.", example = "0.5",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double gamma,
            @Schema(description = "cosine, warmup_cosine: the rate approached at the end. Default 0.", example = "0.0",
                    minimum = "0")
            @PositiveOrZero Double minLearningRate,
            @Schema(description = "warmup_cosine (required): epochs of linear warm-up; less than epochs.",
                    example = "50", minimum = "0")
            @PositiveOrZero Integer warmupEpochs,
            @Schema(description = "one_cycle: share of the epochs spent rising, strictly between 0 and 1. Default 0.3.",
                    example = "0.3", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double pctStart,
            @Schema(description = "one_cycle: the first rate is learningRate / divFactor. Default 25.", example = "25.0",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double divFactor,
            @Schema(description = "one_cycle: the last rate is the first / finalDivFactor. Default 1e4.",
                    example = "10000.0", exclusiveMinimum = true, minimum = "0")
            @Positive Double finalDivFactor) {

        /** Only the parameters of the type, PyTorch's defaults for the optional ones. */
        Schedule withDefaults() {
            ScheduleType t = or(type, ScheduleType.CONSTANT);
            return switch (t) {
                case CONSTANT -> new Schedule(t, null, null, null, null, null, null, null);
                case STEP -> new Schedule(t, stepSize, or(gamma, 0.1), null, null, null, null, null);
                case EXPONENTIAL -> new Schedule(t, null, gamma, null, null, null, null, null);
                case COSINE -> new Schedule(t, null, null, or(minLearningRate, 0.0), null, null, null, null);
                case WARMUP_COSINE -> new Schedule(t, null, null, or(minLearningRate, 0.0), warmupEpochs, null,
                        null, null);
                case ONE_CYCLE -> new Schedule(t, null, null, null, null, or(pctStart, 0.3), or(divFactor, 25.0),
                        or(finalDivFactor, 1e4));
            };
        }
    }

    /**
     * @param monitor  which loss to watch
     * @param patience checks without improvement before stopping
     * @param minDelta the least decrease that counts as an improvement
     */
    @Schema(name = "JobSpecEarlyStopping", description = "Stop when the monitored loss has not improved (fallen below "
            + "best − minDelta) for `patience` checks; the result's stopReason is then EARLY_STOPPED.",
            example = "{\"monitor\":\"testLoss\",\"patience\":10,\"minDelta\":0.0001}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EarlyStopping(
            @Schema(description = "`trainLoss`: every epoch's training loss (patience counts epochs); `testLoss`: "
                    + "the test loss of each evaluation (patience counts evaluations, one every evaluateEvery "
                    + "epochs). Default testLoss.", example = "testLoss",
                    allowableValues = {"trainLoss", "testLoss"})
            Monitor monitor,
            @Schema(description = "Checks without improvement before stopping. Default 10.", example = "10",
                    minimum = "1")
            @Positive Integer patience,
            @Schema(description = "The least decrease that counts as an improvement. Default 0.", example = "0.0001",
                    minimum = "0")
            @PositiveOrZero Double minDelta) {

        EarlyStopping withDefaults() {
            return new EarlyStopping(or(monitor, Monitor.TEST_LOSS), or(patience, 10), or(minDelta, 0.0));
        }

        /** The loss early stopping watches, written as the history's column names. */
        public enum Monitor implements JsonEnum {
            TRAIN_LOSS("trainLoss"), TEST_LOSS("testLoss");

            private final String json;

            Monitor(String json) {
                this.json = json;
            }

            @Override
            public String json() {
                return json;
            }
        }
    }

    /**
     * @param every                 record per-layer statistics every this many epochs; 0 turns them off
     * @param gradientDropFraction  a layer's gradient counts as vanished below this share of its epoch-0 norm
     * @param plateauWindow         epochs over which the loss must improve to count as moving
     * @param plateauMinImprovement relative improvement over the window below which the loss is on a plateau
     * @param saturationThreshold   a unit is saturated on a sample when |f'(z)| is below this
     */
    @Schema(name = "JobSpecDiagnostics", description = "Per-layer gradient diagnostics: what is recorded and how "
            + "the summary is judged.", example = "{\"every\":10,\"gradientDropFraction\":0.01,\"plateauWindow\":100,"
            + "\"plateauMinImprovement\":0.0001,\"saturationThreshold\":0.001}")
    public record Diagnostics(
            @Schema(description = "Record per-layer statistics every this many epochs (epoch 0 included); 0 turns "
                    + "diagnostics off, and then they cost nothing.", example = "10", minimum = "0")
            @PositiveOrZero Integer every,
            @Schema(description = "A layer's gradient counts as vanished at the first recorded epoch whose "
                    + "weight-gradient norm is below this share of its epoch-0 value.", example = "0.01",
                    minimum = "0", exclusiveMinimum = true, maximum = "1")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double gradientDropFraction,
            @Schema(description = "Epochs over which the training loss must improve to count as moving.",
                    example = "100", minimum = "1")
            @Positive Integer plateauWindow,
            @Schema(description = "The loss is on a plateau while it improves by less than this share (relative) "
                    + "over `plateauWindow` epochs.", example = "0.0001", minimum = "0")
            @PositiveOrZero Double plateauMinImprovement,
            @Schema(description = "A unit counts as saturated on a sample when |f'(z)| is below this; saturated "
                    + "on most samples, it counts in `saturatedFraction`.", example = "0.001", minimum = "0",
                    exclusiveMinimum = true)
            @DecimalMin(value = "0", inclusive = false) Double saturationThreshold) {

        static final Diagnostics EMPTY = new Diagnostics(null, null, null, null, null);

        Diagnostics withDefaults(Diagnostics d) {
            return new Diagnostics(or(every, d.every), or(gradientDropFraction, d.gradientDropFraction),
                    or(plateauWindow, d.plateauWindow), or(plateauMinImprovement, d.plateauMinImprovement),
                    or(saturationThreshold, d.saturationThreshold));
        }
    }

    /** How the samples are generated. */
    public enum DataKind implements JsonEnum {
        BLOBS, GAUSSIAN_BLOBS
    }

    /** An element-wise activation function. */
    public enum ActivationType implements JsonEnum {
        SIGMOID, RELU, TANH, LEAKY_RELU, GELU, GELU_TANH, ELU, SILU, SOFTPLUS, LINEAR
    }

    /** A loss function. */
    public enum LossType implements JsonEnum {
        MSE, BCE, CROSS_ENTROPY
    }

    /** An update rule. */
    public enum OptimizerType implements JsonEnum {
        SGD, ADAM, ADAMW, RMSPROP, ADAGRAD
    }

    /** A learning-rate schedule. */
    public enum ScheduleType implements JsonEnum {
        CONSTANT, STEP, EXPONENTIAL, COSINE, WARMUP_COSINE, ONE_CYCLE
    }

    /** A weight initialization scheme. */
    public enum InitScheme implements JsonEnum {
        UNIFORM, XAVIER_UNIFORM, XAVIER_NORMAL, HE_UNIFORM, HE_NORMAL, LECUN_NORMAL
    }
}
