package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.training.Experiment;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

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
public record TrainingSpec(
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
        @Schema(description = "How the weights are updated.") @Valid OptimizerSpec optimizer,
        @Schema(description = "The learning rate of each epoch; absent is constant.") @Valid ScheduleSpec schedule,
        @Schema(description = "Evaluate on the training and the test set every this many epochs, and "
                + "after the last one.", example = "10", minimum = "1")
        @Positive Integer evaluateEvery,
        @Schema(description = "Stop when the monitored loss stops improving; absent never.")
        @Valid EarlyStoppingSpec earlyStopping,
        @Schema(description = "Stop after the first epoch whose training loss (`train.loss`) is at most this; "
                + "absent never.", example = "0.01", minimum = "0")
        @PositiveOrZero Double stopAtLoss) {

    /** The seed's loop: 1000 full-batch epochs of plain gradient descent on the mse, evaluated every 10. */
    public static final TrainingSpec SEED = new TrainingSpec(1000, LossType.MSE, null, null,
            new OptimizerSpec.Sgd(null, null, null, null, null), new ScheduleSpec.Constant(), 10, null, null);

    /** Mini-batches shuffle unless told not to. */
    static final boolean DEFAULT_SHUFFLE = true;

    TrainingSpec resolve() {
        return new TrainingSpec(epochs != null ? epochs : SEED.epochs, lossOrSeed(), batchSize,
                batchSize == null ? null : (shuffle != null ? shuffle : DEFAULT_SHUFFLE),
                (optimizer != null ? optimizer : SEED.optimizer).resolve(),
                (schedule != null ? schedule : SEED.schedule).resolve(),
                evaluateEvery != null ? evaluateEvery : SEED.evaluateEvery,
                earlyStopping == null ? null : earlyStopping.resolve(), stopAtLoss);
    }

    /** The engine's loop of a resolved spec. */
    Experiment.Training engine() {
        return new Experiment.Training(epochs, loss.engine(), optimizer.optimizer(),
                schedule.schedule(optimizer.learningRate()), evaluateEvery,
                batchSize == null ? null : new Experiment.MiniBatches(batchSize, shuffle),
                earlyStopping == null ? null : earlyStopping.engine(), stopAtLoss);
    }

    /** The loss, the seed's when absent. */
    LossType lossOrSeed() {
        return loss != null ? loss : SEED.loss;
    }
}
