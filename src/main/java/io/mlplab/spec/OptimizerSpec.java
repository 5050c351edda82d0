package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.training.Optimizer;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * How the weights are updated, chosen by {@code type} (absent: the seed's {@code sgd}), with
 * {@code torch.optim}'s semantics, parameter names (camelCase) and defaults, which the engine's records own
 * ({@link Optimizer.Adam#DEFAULTS}, …). Each type has only its own parameters.
 */
@TypeChoice(value = "%s", fields = "parameters", absent = OptimizerSpec.Sgd.class)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OptimizerSpec.Sgd.class, name = "sgd"),
    @JsonSubTypes.Type(value = OptimizerSpec.Adam.class, name = "adam"),
    @JsonSubTypes.Type(value = OptimizerSpec.AdamW.class, name = "adamw"),
    @JsonSubTypes.Type(value = OptimizerSpec.RmsProp.class, name = "rmsprop"),
    @JsonSubTypes.Type(value = OptimizerSpec.Adagrad.class, name = "adagrad")})
@Schema(name = "JobSpecOptimizer", description = "How the weights are updated, chosen by `type`, with torch.optim's "
        + "semantics, parameter names (camelCase) and defaults: `sgd` (the seed's plain gradient descent without "
        + "momentum), `adam`, `adamw` (decoupled weight decay), `rmsprop`, `adagrad`. A parameter the chosen type "
        + "does not have is a 400. The job echoes every parameter of its type, defaults filled in.",
        oneOf = {OptimizerSpec.Sgd.class, OptimizerSpec.Adam.class, OptimizerSpec.AdamW.class,
            OptimizerSpec.RmsProp.class, OptimizerSpec.Adagrad.class},
        discriminatorProperty = "type",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "sgd", schema = OptimizerSpec.Sgd.class),
            @DiscriminatorMapping(value = "adam", schema = OptimizerSpec.Adam.class),
            @DiscriminatorMapping(value = "adamw", schema = OptimizerSpec.AdamW.class),
            @DiscriminatorMapping(value = "rmsprop", schema = OptimizerSpec.RmsProp.class),
            @DiscriminatorMapping(value = "adagrad", schema = OptimizerSpec.Adagrad.class)},
        example = "{\"type\":\"adam\",\"learningRate\":0.001,\"betas\":[0.9,0.999]}")
public sealed interface OptimizerSpec permits OptimizerSpec.Sgd, OptimizerSpec.Adam, OptimizerSpec.AdamW,
        OptimizerSpec.RmsProp, OptimizerSpec.Adagrad {

    /** The seed's learning rate, every type's default. */
    double SEED_LEARNING_RATE = 0.1;

    String LEARNING_RATE = "The step size, greater than 0; with the one_cycle schedule, the maximum rate. Default 0.1.";

    /** The step size (one_cycle's maximum). */
    Double learningRate();

    /** This type with every absent parameter filled in from the engine's defaults. */
    OptimizerSpec resolve();

    /** The engine's optimizer of a resolved spec. */
    Optimizer.Factory optimizer();

    /**
     * {@code torch.optim.SGD}.
     *
     * @param learningRate the step size
     * @param momentum     momentum factor
     * @param dampening    dampening of the momentum
     * @param nesterov     Nesterov momentum; needs momentum above 0 and dampening 0
     * @param weightDecay  L2 penalty added to the gradient
     */
    @Schema(name = "SgdOptimizer", description = "`sgd`: torch.optim.SGD.",
            example = "{\"type\":\"sgd\",\"learningRate\":0.1,\"momentum\":0.9}")
    record Sgd(
            @Schema(description = LEARNING_RATE, example = "0.1", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "Momentum factor. Default 0.", example = "0.9", minimum = "0")
            @PositiveOrZero Double momentum,
            @Schema(description = "Dampening of the momentum. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double dampening,
            @Schema(description = "Nesterov momentum; needs momentum > 0 and dampening 0. Default false.",
                    example = "false")
            Boolean nesterov,
            @Schema(description = "L2 penalty added to the gradient. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double weightDecay) implements OptimizerSpec {

        @Override
        public Sgd resolve() {
            Optimizer.Sgd d = Optimizer.Sgd.DEFAULTS;
            return new Sgd(or(learningRate, SEED_LEARNING_RATE), or(momentum, d.momentum()),
                    or(dampening, d.dampening()), or(nesterov, d.nesterov()), or(weightDecay, d.weightDecay()));
        }

        @Override
        public Optimizer.Factory optimizer() {
            return new Optimizer.Sgd(momentum, dampening, nesterov, weightDecay);
        }
    }

    /**
     * {@code torch.optim.Adam}.
     *
     * @param learningRate the step size
     * @param weightDecay  L2 penalty added to the gradient
     * @param betas        the moments' decay rates
     * @param eps          added to the denominator
     */
    @Schema(name = "AdamOptimizer", description = "`adam`: torch.optim.Adam (no amsgrad).",
            example = "{\"type\":\"adam\",\"learningRate\":0.001,\"betas\":[0.9,0.999]}")
    record Adam(
            @Schema(description = LEARNING_RATE, example = "0.001", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "L2 penalty added to the gradient. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double weightDecay,
            @Schema(description = "The moments' decay rates [beta1, beta2], each in [0, 1). Default [0.9, 0.999].",
                    example = "[0.9, 0.999]")
            @ArraySchema(minItems = 2, maxItems = 2,
                    schema = @Schema(types = "number", format = "double", minimum = "0", exclusiveMaximumValue = 1))
            @Size(min = 2, max = 2) List<@NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double> betas,
            @Schema(description = "Added to the denominator. Default 1e-8.", example = "1e-8", minimum = "0")
            @PositiveOrZero Double eps) implements OptimizerSpec {

        @Override
        public Adam resolve() {
            Optimizer.Adam d = Optimizer.Adam.DEFAULTS;
            return new Adam(or(learningRate, SEED_LEARNING_RATE), or(weightDecay, d.weightDecay()),
                    List.copyOf(or(betas, List.of(d.beta1(), d.beta2()))), or(eps, d.eps()));
        }

        @Override
        public Optimizer.Factory optimizer() {
            return new Optimizer.Adam(betas.get(0), betas.get(1), eps, weightDecay);
        }
    }

    /**
     * {@code torch.optim.AdamW}: Adam with decoupled weight decay.
     *
     * @param learningRate the step size
     * @param weightDecay  decoupled weight decay
     * @param betas        the moments' decay rates
     * @param eps          added to the denominator
     */
    @Schema(name = "AdamWOptimizer", description = "`adamw`: torch.optim.AdamW (decoupled weight decay).",
            example = "{\"type\":\"adamw\",\"learningRate\":0.001,\"weightDecay\":0.01}")
    record AdamW(
            @Schema(description = LEARNING_RATE, example = "0.001", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "Decoupled weight decay. Default 0.01.", example = "0.01", minimum = "0")
            @PositiveOrZero Double weightDecay,
            @ArraySchema(arraySchema = @Schema(description = "The moments' decay rates [beta1, beta2], each in "
                    + "[0, 1). Default [0.9, 0.999].", example = "[0.9, 0.999]"), minItems = 2, maxItems = 2,
                    schema = @Schema(types = "number", format = "double", minimum = "0", exclusiveMaximumValue = 1))
            @Size(min = 2, max = 2) List<@NotNull @PositiveOrZero @DecimalMax(value = "1", inclusive = false) Double> betas,
            @Schema(description = "Added to the denominator. Default 1e-8.", example = "1e-8", minimum = "0")
            @PositiveOrZero Double eps) implements OptimizerSpec {

        @Override
        public AdamW resolve() {
            Optimizer.AdamW d = Optimizer.AdamW.DEFAULTS;
            return new AdamW(or(learningRate, SEED_LEARNING_RATE), or(weightDecay, d.weightDecay()),
                    List.copyOf(or(betas, List.of(d.beta1(), d.beta2()))), or(eps, d.eps()));
        }

        @Override
        public Optimizer.Factory optimizer() {
            return new Optimizer.AdamW(betas.get(0), betas.get(1), eps, weightDecay);
        }
    }

    /**
     * {@code torch.optim.RMSprop}.
     *
     * @param learningRate the step size
     * @param momentum     momentum factor
     * @param weightDecay  L2 penalty added to the gradient
     * @param eps          added to the denominator
     * @param alpha        smoothing constant
     * @param centered     normalize by the gradient's estimated variance
     */
    @Schema(name = "RmsPropOptimizer", description = "`rmsprop`: torch.optim.RMSprop.",
            example = "{\"type\":\"rmsprop\",\"learningRate\":0.001,\"alpha\":0.99}")
    record RmsProp(
            @Schema(description = LEARNING_RATE, example = "0.001", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "Momentum factor. Default 0.", example = "0.9", minimum = "0")
            @PositiveOrZero Double momentum,
            @Schema(description = "L2 penalty added to the gradient. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double weightDecay,
            @Schema(description = "Added to the denominator. Default 1e-8.", example = "1e-8", minimum = "0")
            @PositiveOrZero Double eps,
            @Schema(description = "Smoothing constant. Default 0.99.", example = "0.99", minimum = "0")
            @PositiveOrZero Double alpha,
            @Schema(description = "Normalize by the gradient's estimated variance. Default false.", example = "false")
            Boolean centered) implements OptimizerSpec {

        @Override
        public RmsProp resolve() {
            Optimizer.RmsProp d = Optimizer.RmsProp.DEFAULTS;
            return new RmsProp(or(learningRate, SEED_LEARNING_RATE), or(momentum, d.momentum()),
                    or(weightDecay, d.weightDecay()), or(eps, d.eps()), or(alpha, d.alpha()),
                    or(centered, d.centered()));
        }

        @Override
        public Optimizer.Factory optimizer() {
            return new Optimizer.RmsProp(alpha, eps, weightDecay, momentum, centered);
        }
    }

    /**
     * {@code torch.optim.Adagrad}.
     *
     * @param learningRate            the step size
     * @param weightDecay             L2 penalty added to the gradient
     * @param eps                     added to the denominator
     * @param lrDecay                 learning-rate decay
     * @param initialAccumulatorValue the accumulator's start value
     */
    @Schema(name = "AdagradOptimizer", description = "`adagrad`: torch.optim.Adagrad.",
            example = "{\"type\":\"adagrad\",\"learningRate\":0.01}")
    record Adagrad(
            @Schema(description = LEARNING_RATE, example = "0.01", exclusiveMinimum = true, minimum = "0")
            @Positive Double learningRate,
            @Schema(description = "L2 penalty added to the gradient. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double weightDecay,
            @Schema(description = "Added to the denominator. Default 1e-10.", example = "1e-10", minimum = "0")
            @PositiveOrZero Double eps,
            @Schema(description = "Learning-rate decay. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double lrDecay,
            @Schema(description = "The accumulator's start value. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double initialAccumulatorValue) implements OptimizerSpec {

        @Override
        public Adagrad resolve() {
            Optimizer.Adagrad d = Optimizer.Adagrad.DEFAULTS;
            return new Adagrad(or(learningRate, SEED_LEARNING_RATE), or(weightDecay, d.weightDecay()),
                    or(eps, d.eps()), or(lrDecay, d.lrDecay()),
                    or(initialAccumulatorValue, d.initialAccumulatorValue()));
        }

        @Override
        public Optimizer.Factory optimizer() {
            return new Optimizer.Adagrad(lrDecay, weightDecay, initialAccumulatorValue, eps);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
