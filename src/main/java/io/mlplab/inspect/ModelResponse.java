package io.mlplab.inspect;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The trained network, as values a numpy user can compute with.
 *
 * @param layers the hidden stack's entries in forward order
 * @param output the output layer
 * @param scaler what raw inputs go through first
 */
@Schema(description = "The trained network (its final weights): the forward pass of a raw row x is a = (x - "
        + "scaler.mean) / scaler.scale, then each entry of `layers` in order (`linear`: a = a @ weight + bias; "
        + "`activation`: a = function(a)), then `output` (a @ weight + bias, then its `activation`). Weights are "
        + "(in, out), rows of inputs, as the engine holds them.",
        example = "{\"layers\":[{\"type\":\"linear\",\"weight\":[[0.4,-1.2],[0.7,0.3]],\"bias\":[0.1,-0.2]},"
                + "{\"type\":\"activation\",\"function\":\"relu\"}],\"output\":{\"type\":\"linear\","
                + "\"weight\":[[1.5],[-0.8]],\"bias\":[0.05],\"activation\":\"sigmoid\"},"
                + "\"scaler\":{\"mean\":[0.5,0.25],\"scale\":[0.87,0.5]}}")
public record ModelResponse(
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
