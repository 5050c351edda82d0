package io.mlplab.inspect;

import io.mlplab.data.Dataset;
import io.mlplab.data.PreparedData;
import io.mlplab.data.StandardScaler;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job's data as generated (before standardization), split as the job trained on them.
 *
 * @param train  the training set, with its label noise
 * @param test   the test set
 * @param scaler what the network's inputs went through
 */
@Schema(description = "A job's data: the features as generated (before standardization) and the labels, split as "
        + "the job trained on them (the training labels with their label noise), and the scaler fitted on every "
        + "sample. The network saw (x - scaler.mean) / scaler.scale.",
        example = "{\"train\":{\"x\":[[0.52,-0.31],[1.9,0.2]],\"y\":[1,0]},\"test\":{\"x\":[[-0.8,0.6]],\"y\":[0]},"
                + "\"scaler\":{\"mean\":[0.5,0.25],\"scale\":[0.87,0.5]}}")
public record DataResponse(
        @Schema(description = "The training set, in the order the job holds it.") Rows train,
        @Schema(description = "The test set, in the order the job holds it.") Rows test,
        @Schema(description = "The scaler fitted on every sample.") Scaler scaler) {

    static DataResponse of(PreparedData data) {
        return new DataResponse(Rows.of(data.split().train()), Rows.of(data.split().test()), Scaler.of(data.scaler()));
    }

    /**
     * One set.
     *
     * @param x the features, one row per sample
     * @param y the labels, class indices
     */
    @Schema(name = "DataRows", description = "One set: features and labels, row by row.",
            example = "{\"x\":[[0.52,-0.31],[1.9,0.2]],\"y\":[1,0]}")
    public record Rows(
            @Schema(description = "The features as generated, one row per sample.", example = "[[0.52,-0.31],[1.9,0.2]]")
            double[][] x,
            @Schema(description = "The labels: class indices 0..classes-1.", example = "[1, 0]") int[] y) {

        static Rows of(Dataset set) {
            int cols = set.x().numCols;
            double[][] x = new double[set.size()][];
            int[] y = new int[set.size()];
            for (int r = 0; r < x.length; r++) {
                x[r] = java.util.Arrays.copyOfRange(set.x().data, r * cols, (r + 1) * cols);
                y[r] = (int) set.y().data[r];
            }
            return new Rows(x, y);
        }
    }

    /**
     * A fitted scaler.
     *
     * @param mean  per feature, subtracted
     * @param scale per feature, divided by
     */
    @Schema(name = "Scaler", description = "The network's inputs are (x - mean) / scale, per feature: scikit-learn's "
            + "StandardScaler fitted on every sample before the split (mean_ and scale_); mean 0 and scale 1 when the "
            + "job does not standardize.", example = "{\"mean\":[0.5,0.25],\"scale\":[0.87,0.5]}")
    public record Scaler(
            @Schema(description = "Per feature, what is subtracted.", example = "[0.5, 0.25]") double[] mean,
            @Schema(description = "Per feature, what the difference is divided by.", example = "[0.87, 0.5]")
            double[] scale) {

        static Scaler of(StandardScaler.Fit fit) {
            return new Scaler(fit.mean(), fit.scale());
        }
    }
}
