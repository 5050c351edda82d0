package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job's recorded series as columns of equal length, so {@code pandas.DataFrame(body["train"])} just works.
 * A value that is not finite (a diverged loss) is written as {@code null}.
 *
 * @param train one row per epoch that ran
 * @param eval  one row per evaluation: every {@code evaluateEvery} epochs and after the last
 */
@Schema(description = "The recorded series as columns of equal length. Values that are not finite are null.",
        example = "{\"train\":{\"epoch\":[998,999],\"loss\":[0.00067,0.00067],\"learningRate\":[0.1,0.1]},"
                + "\"eval\":{\"epoch\":[999],\"trainLoss\":[0.00067],\"testLoss\":[0.00060],\"trainAccuracy\":[1.0],"
                + "\"testAccuracy\":[1.0]}}")
public record History(
        @Schema(description = "One row per epoch that ran.") Train train,
        @Schema(description = "One row per evaluation: every `evaluateEvery` epochs and after the last epoch.")
        Eval eval) {

    /**
     * @param epoch        the epoch, 0-based
     * @param loss         mean training loss of the epoch's forward pass, before its update
     * @param learningRate the learning rate of the epoch's update
     */
    @Schema(name = "HistoryTrain", description = "One row per epoch that ran.",
            example = "{\"epoch\":[0,1,2],\"loss\":[0.2415,0.2045,0.1741],\"learningRate\":[0.1,0.1,0.1]}")
    public record Train(
            @Schema(description = "The epoch, 0-based.", example = "[0, 1, 2]")
            int[] epoch,
            @Schema(description = "Mean training loss of the epoch's forward pass, computed before that epoch's "
                    + "update (the seed's \"Epoch: e, loss …\"); null if not finite.",
                    example = "[0.2415, 0.2045, 0.1741]")
            double[] loss,
            @Schema(description = "The learning rate of the epoch's update.",
                    example = "[0.1, 0.1, 0.1]")
            double[] learningRate) {
    }

    /**
     * @param epoch         the epoch after whose update the model was evaluated
     * @param trainLoss     mean loss on the training set
     * @param testLoss      mean loss on the test set
     * @param trainAccuracy share of training samples classified right
     * @param testAccuracy  share of test samples classified right
     */
    @Schema(name = "HistoryEval", description = "One row per evaluation of the model after an epoch's update.",
            example = "{\"epoch\":[0,10],\"trainLoss\":[0.2045,0.0664],\"testLoss\":[0.2051,0.0671],"
                    + "\"trainAccuracy\":[1.0,1.0],\"testAccuracy\":[1.0,1.0]}")
    public record Eval(
            @Schema(description = "The epoch after whose update the model was "
                    + "evaluated.", example = "[0, 10, 20]")
            int[] epoch,
            @Schema(description = "Mean loss on the training set; null if not finite.",
                    example = "[0.2045, 0.0664, 0.0330]")
            double[] trainLoss,
            @Schema(description = "Mean loss on the test set; null if not finite.",
                    example = "[0.2051, 0.0671, 0.0334]")
            double[] testLoss,
            @Schema(description = "Share of training samples classified right.",
                    example = "[1.0, 1.0, 1.0]")
            double[] trainAccuracy,
            @Schema(description = "Share of test samples classified right.",
                    example = "[1.0, 1.0, 1.0]")
            double[] testAccuracy) {
    }
}
