package io.mlplab.inspect;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The network's answer for each input row.
 *
 * @param epoch        the epochs the weights that answered have trained
 * @param finalWeights whether they are the job's final weights, or a copy from a running job
 * @param outputs      per row, the output layer's values
 * @param predictions  per row, the predicted class
 */
@Schema(description = "The network's answer for each row, in order: with the job's final weights once it has "
        + "ended, while it runs with its weights at the end of a recent epoch (`epoch` and `final` say which).",
        example = "{\"epoch\":500,\"final\":true,\"outputs\":[[0.98],[0.03]],\"predictions\":[1,0]}")
public record PredictResponse(
        @Schema(description = "The epochs the weights that answered have trained, as the model's `epoch`.",
                example = "500")
        int epoch,
        @JsonProperty("final")
        @Schema(description = "True for the job's final weights; false for a copy from a running job.", example = "true")
        boolean finalWeights,
        @Schema(description = "Per row, the output layer's values after its activation, as the job's accuracy reads "
                + "them: the probability of class 1 for a sigmoid output, the logits for cross_entropy (apply a "
                + "softmax for probabilities). Null where not finite.", example = "[[0.98], [0.03]]")
        List<List<Double>> outputs,
        @Schema(description = "Per row, the predicted class: output > 0.5 for one output, the arg-max for several.",
                example = "[1, 0]")
        int[] predictions) {
}
