package io.mlplab.inspect;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The trained network, as values a numpy user can compute with.
 *
 * @param epoch        the epochs these weights have trained
 * @param finalWeights whether they are the job's final weights, or a copy from a running job
 * @param layers       the hidden stack's entries in forward order
 * @param output       the output layer
 * @param scaler       what raw inputs go through first
 */
@Schema(description = "The trained network: the job's final weights once training has ended (`final` true), or "
        + "while it runs a copy taken at the end of a recent epoch (`final` false; `epoch` says which). The forward pass of a raw row x is a = (x - "
        + "scaler.mean) / scaler.scale, then each entry of `layers` in order (`linear`: a = a @ weight + bias; "
        + "`activation`: a = function(a)), then `output` (a @ weight + bias, then its `activation`). Weights are "
        + "(in, out), rows of inputs, as the engine holds them.",
        example = "{\"epoch\":500,\"final\":true,\"layers\":[{\"type\":\"linear\",\"weight\":[[0.4,-1.2],[0.7,0.3]],\"bias\":[0.1,-0.2]},"
                + "{\"type\":\"activation\",\"function\":\"relu\"}],\"output\":{\"type\":\"linear\","
                + "\"weight\":[[1.5],[-0.8]],\"bias\":[0.05],\"activation\":\"sigmoid\"},"
                + "\"scaler\":{\"mean\":[0.5,0.25],\"scale\":[0.87,0.5]}}")
public record ModelResponse(
        @Schema(description = "The epochs these weights have trained, counted from 1: the weights after the update(s) "
                + "of the history's epoch `epoch - 1`. Final weights: the result's `epochsCompleted` (a job stopped "
                + "mid-epoch with mini-batches also holds the updates of the batches it got through after it).",
                example = "500")
        int epoch,
        @JsonProperty("final")
        @Schema(description = "True for the job's final weights (it has ended); false for a copy from a running job, "
                + "which a later request answers with newer weights.", example = "true")
        boolean finalWeights,
        @Schema(description = "The hidden stack in forward order, one entry per entry of model.layers (the shorthand "
                + "hiddenLayers + activation is [linear, activation, ...]): `{\"type\": \"linear\", \"weight\": "
                + "[[...]] (in, out), \"bias\": [...]}`, `{\"type\": \"activation\", \"function\": \"relu\"}` (plus "
                + "its parameters: `negativeSlope` for leaky_relu, `alpha` for elu); other layer kinds carry their own "
                + "fields. An activation `linear` right after a linear layer is the identity and has no entry.",
                example = "[{\"type\":\"linear\",\"weight\":[[0.4,-1.2],[0.7,0.3]],\"bias\":[0.1,-0.2]},"
                        + "{\"type\":\"activation\",\"function\":\"relu\"}]")
        List<Map<String, Object>> layers,
        @Schema(description = "The output layer: `linear` with `weight` (in, outputs), `bias` and its `activation` "
                + "(and that activation's parameters).", example = "{\"type\":\"linear\",\"weight\":[[1.5],[-0.8]],"
                + "\"bias\":[0.05],\"activation\":\"sigmoid\"}")
        Map<String, Object> output,
        @Schema(description = "What raw inputs go through before the first layer.") DataResponse.Scaler scaler) {
}
