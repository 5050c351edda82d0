package io.mlplab.inspect;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The network's answer for each input row.
 *
 * @param outputs     per row, the output layer's values
 * @param predictions per row, the predicted class
 */
@Schema(description = "The trained network's answer for each row, in order.",
        example = "{\"outputs\":[[0.98],[0.03]],\"predictions\":[1,0]}")
public record PredictResponse(
        @Schema(description = "Per row, the output layer's values after its activation, as the job's accuracy reads "
                + "them: the probability of class 1 for a sigmoid output, the logits for cross_entropy (apply a "
                + "softmax for probabilities). Null where not finite.", example = "[[0.98], [0.03]]")
        List<List<Double>> outputs,
        @Schema(description = "Per row, the predicted class: output > 0.5 for one output, the arg-max for several.",
                example = "[1, 0]")
        int[] predictions) {
}
