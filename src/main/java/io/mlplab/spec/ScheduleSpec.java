package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The learning rate of each epoch, chosen by {@code type} (absent: the seed's {@code constant}), as
 * PyTorch's {@code lr_scheduler}s stepped once per epoch; {@code training.optimizer.learningRate} is the
 * base (one_cycle: the maximum). The optional parameters' defaults are the engine's.
 */
@TypeChoice(value = "the %s schedule", fields = "parameters", absent = ScheduleSpec.Constant.class)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleSpec.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = ScheduleSpec.Step.class, name = "step"),
    @JsonSubTypes.Type(value = ScheduleSpec.Exponential.class, name = "exponential"),
    @JsonSubTypes.Type(value = ScheduleSpec.Cosine.class, name = "cosine"),
    @JsonSubTypes.Type(value = ScheduleSpec.WarmupCosine.class, name = "warmup_cosine"),
    @JsonSubTypes.Type(value = ScheduleSpec.OneCycle.class, name = "one_cycle")})
@Schema(name = "JobSpecSchedule", description = "The learning rate of each epoch, chosen by `type`, as PyTorch's "
        + "lr_scheduler stepped once per epoch; `training.optimizer.learningRate` is the base (one_cycle: the "
        + "maximum). A parameter the type does not take is a 400. The rate of every epoch is in the history's "
        + "`train.learningRate`.",
        oneOf = {ScheduleSpec.Constant.class, ScheduleSpec.Step.class, ScheduleSpec.Exponential.class,
            ScheduleSpec.Cosine.class, ScheduleSpec.WarmupCosine.class, ScheduleSpec.OneCycle.class},
        discriminatorProperty = "type",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "constant", schema = ScheduleSpec.Constant.class),
            @DiscriminatorMapping(value = "step", schema = ScheduleSpec.Step.class),
            @DiscriminatorMapping(value = "exponential", schema = ScheduleSpec.Exponential.class),
            @DiscriminatorMapping(value = "cosine", schema = ScheduleSpec.Cosine.class),
            @DiscriminatorMapping(value = "warmup_cosine", schema = ScheduleSpec.WarmupCosine.class),
            @DiscriminatorMapping(value = "one_cycle", schema = ScheduleSpec.OneCycle.class)},
        example = "{\"type\":\"warmup_cosine\",\"warmupEpochs\":50,\"minLearningRate\":0.0}")
public sealed interface ScheduleSpec permits ScheduleSpec.Constant, ScheduleSpec.Step, ScheduleSpec.Exponential,
        ScheduleSpec.Cosine, ScheduleSpec.WarmupCosine, ScheduleSpec.OneCycle {

    /** This type with every absent optional parameter filled in. */
    ScheduleSpec resolve();

    /** The engine's schedule of a resolved spec around the optimizer's {@code learningRate}. */
    LearningRateSchedule schedule(double learningRate);

    /** The seed's: the same rate in every epoch. */
    @Schema(name = "ConstantSchedule", description = "`constant`: the same rate in every epoch (the seed's).",
            example = "{\"type\":\"constant\"}")
    record Constant() implements ScheduleSpec {
        @Override
        public Constant resolve() {
            return this;
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return LearningRateSchedule.constant(learningRate);
        }
    }

    /**
     * @param stepSize epochs between decays
     * @param gamma    the decay factor
     */
    @Schema(name = "StepSchedule", description = "`step`: lr·gamma^floor(epoch/stepSize) (StepLR).",
            example = "{\"type\":\"step\",\"stepSize\":100,\"gamma\":0.5}")
    record Step(
            @Schema(description = "Epochs between decays; required.", example = "100", minimum = "1",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull(message = "is required by the step schedule") @Positive Integer stepSize,
            @Schema(description = "The decay factor, greater than 0. Default 0.1.", example = "0.5",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double gamma) implements ScheduleSpec {

        @Override
        public Step resolve() {
            return new Step(stepSize, gamma != null ? gamma : LearningRateSchedule.Step.DEFAULT_GAMMA);
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return new LearningRateSchedule.Step(learningRate, stepSize, gamma);
        }
    }

    /** @param gamma the decay factor */
    @Schema(name = "ExponentialSchedule", description = "`exponential`: lr·gamma^epoch (ExponentialLR).",
            example = "{\"type\":\"exponential\",\"gamma\":0.99}")
    record Exponential(
            @Schema(description = "The decay factor, greater than 0; required.", example = "0.99",
                    exclusiveMinimum = true, minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull(message = "is required by the exponential schedule") @Positive Double gamma)
            implements ScheduleSpec {

        @Override
        public Exponential resolve() {
            return this;
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return new LearningRateSchedule.Exponential(learningRate, gamma);
        }
    }

    /** @param minLearningRate the rate approached at the end */
    @Schema(name = "CosineSchedule", description = "`cosine`: from lr towards minLearningRate over the run "
            + "(CosineAnnealingLR).", example = "{\"type\":\"cosine\",\"minLearningRate\":0.0}")
    record Cosine(
            @Schema(description = "The rate approached at the end. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double minLearningRate) implements ScheduleSpec {

        @Override
        public Cosine resolve() {
            return new Cosine(minLearningRate != null ? minLearningRate
                    : LearningRateSchedule.Cosine.DEFAULT_MIN_LEARNING_RATE);
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return new LearningRateSchedule.Cosine(learningRate, minLearningRate);
        }
    }

    /**
     * @param minLearningRate the rate approached at the end
     * @param warmupEpochs    epochs of linear warm-up, fewer than the epochs
     */
    @Schema(name = "WarmupCosineSchedule", description = "`warmup_cosine`: linear warm-up "
            + "lr·(epoch+1)/(warmupEpochs+1), then cosine.",
            example = "{\"type\":\"warmup_cosine\",\"warmupEpochs\":50,\"minLearningRate\":0.0}")
    record WarmupCosine(
            @Schema(description = "The rate approached at the end. Default 0.", example = "0.0", minimum = "0")
            @PositiveOrZero Double minLearningRate,
            @Schema(description = "Epochs of linear warm-up, less than training.epochs; required.", example = "50",
                    minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull(message = "is required by the warmup_cosine schedule") @PositiveOrZero Integer warmupEpochs)
            implements ScheduleSpec {

        @Override
        public WarmupCosine resolve() {
            return new WarmupCosine(minLearningRate != null ? minLearningRate
                    : LearningRateSchedule.WarmupCosine.DEFAULT_MIN_LEARNING_RATE, warmupEpochs);
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return new LearningRateSchedule.WarmupCosine(learningRate, warmupEpochs, minLearningRate);
        }
    }

    /**
     * @param pctStart       share of the epochs spent rising
     * @param divFactor      the first rate is learningRate / divFactor
     * @param finalDivFactor the last rate is the first / finalDivFactor
     */
    @Schema(name = "OneCycleSchedule", description = "`one_cycle`: PyTorch's OneCycleLR (two phases, cosine, rate "
            + "only).", example = "{\"type\":\"one_cycle\",\"pctStart\":0.3}")
    record OneCycle(
            @Schema(description = "Share of the epochs spent rising, strictly between 0 and 1. Default 0.3.",
                    example = "0.3", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double pctStart,
            @Schema(description = "The first rate is learningRate / divFactor. Default 25.", example = "25.0",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double divFactor,
            @Schema(description = "The last rate is the first / finalDivFactor. Default 1e4.", example = "10000.0",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double finalDivFactor) implements ScheduleSpec {

        @Override
        public OneCycle resolve() {
            return new OneCycle(
                    pctStart != null ? pctStart : LearningRateSchedule.OneCycle.DEFAULT_PCT_START,
                    divFactor != null ? divFactor : LearningRateSchedule.OneCycle.DEFAULT_DIV_FACTOR,
                    finalDivFactor != null ? finalDivFactor : LearningRateSchedule.OneCycle.DEFAULT_FINAL_DIV_FACTOR);
        }

        @Override
        public LearningRateSchedule schedule(double learningRate) {
            return new LearningRateSchedule.OneCycle(learningRate, pctStart, divFactor, finalDivFactor);
        }
    }
}
