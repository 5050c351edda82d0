package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.training.Activation;
import io.mlplab.training.Experiment;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;

/**
 * The network: the hidden stack, either as {@code layers} (in order, as {@code nn.Sequential}) or as the
 * shorthand {@code hiddenLayers} + {@code activation} ({@code [16, 32]} with relu is
 * {@code [linear 16, relu, linear 32, relu]}), then the output layer (linear to the outputs, then
 * {@code outputActivation}).
 *
 * @param hiddenLayers     shorthand: the width of each hidden layer, input side first; empty for none
 * @param activation       shorthand: the activation after every hidden layer
 * @param outputActivation the output layer's activation; absent: the loss's choice for bce and
 *                         cross_entropy, else the last hidden activation ({@code activation}, or the last
 *                         activation in {@code layers})
 * @param negativeSlope    leaky_relu's slope in the shorthand's activation and the output activation
 * @param init             how the weights are drawn
 * @param layers           the hidden stack in order; exclusive with {@code hiddenLayers} and {@code activation}
 */
@Schema(name = "JobSpecModel", description = "The network: the hidden stack, as `layers` or as the shorthand "
        + "`hiddenLayers` + `activation` (not both), then the output layer (linear to the outputs, then "
        + "`outputActivation`).", example = "{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\","
        + "\"outputActivation\":\"relu\",\"init\":{\"scheme\":\"uniform\",\"scale\":0.01}}")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        @Schema(description = "Shorthand for `layers`: the width of each hidden layer, input side first, each "
                + "followed by `activation`; empty for a network with no hidden layer.", example = "[16, 32, 16]")
        @ArraySchema(schema = @Schema(types = "integer", format = "int32", minimum = "1"))
        List<@NotNull @Positive Integer> hiddenLayers,
        @Schema(description = "Shorthand for `layers`: the activation of every hidden layer. `gelu` is the exact "
                + "form (erf), `gelu_tanh` PyTorch's tanh approximation; `elu` has alpha 1; `softplus` has beta 1, "
                + "threshold 20.", example = "relu")
        ActivationType activation,
        @Schema(description = "The output layer's activation. Absent: `sigmoid` for the bce loss, `linear` "
                + "(logits) for cross_entropy, and otherwise the last hidden activation (`activation`, or the last "
                + "activation in `layers`; sigmoid if there is none), as in the seed study.", example = "sigmoid")
        ActivationType outputActivation,
        @Schema(description = "leaky_relu's slope for negative inputs, for `activation` and `outputActivation`; "
                + "only when one of them is leaky_relu (an entry of `layers` has its own). Default 0.01.",
                example = "0.01", minimum = "0")
        @PositiveOrZero Double negativeSlope,
        @Schema(description = "How the initial weights are drawn; biases start at zero.") @Valid InitSpec init,
        @Schema(description = "The hidden stack in order, as PyTorch's nn.Sequential would list it: "
                + "`{\"type\":\"linear\",\"units\":16}`, `{\"type\":\"activation\",\"function\":\"relu\"}`. "
                + "Exclusive with `hiddenLayers` and `activation`.",
                example = "[{\"type\":\"linear\",\"units\":16},{\"type\":\"activation\",\"function\":\"relu\"}]")
        List<@NotNull @Valid LayerSpec> layers) {

    /** The seed's: no hidden layer, sigmoid everywhere, uniform weights. */
    public static final ModelSpec SEED = new ModelSpec(List.of(), ActivationType.SIGMOID, null, null,
            new InitSpec.Uniform(null), null);

    /** This model with every absent field filled in, {@code loss} choosing an absent output activation. */
    ModelSpec resolve(LossType loss) {
        InitSpec resolvedInit = (init != null ? init : SEED.init).resolve();
        if (layers != null) {
            List<LayerSpec> resolved = layers.stream().map(LayerSpec::resolve).toList();
            ActivationType[] last = {SEED.activation};
            LayerSpec.walk(resolved, "model.layers", (field, layer) -> {
                if (layer instanceof LayerSpec.Activate activate) {
                    last[0] = activate.function();
                }
            });
            ActivationType output = output(loss, last[0]);
            return new ModelSpec(null, null, output, slope(output == ActivationType.LEAKY_RELU), resolvedInit,
                    resolved);
        }
        List<Integer> widths = List.copyOf(hiddenLayers != null ? hiddenLayers : SEED.hiddenLayers);
        ActivationType hidden = activation != null ? activation : SEED.activation;
        ActivationType output = output(loss, hidden);
        boolean leaky = output == ActivationType.LEAKY_RELU
                || !widths.isEmpty() && hidden == ActivationType.LEAKY_RELU;
        return new ModelSpec(widths, hidden, output, slope(leaky), resolvedInit, null);
    }

    private ActivationType output(LossType loss, ActivationType lastHidden) {
        if (outputActivation != null) {
            return outputActivation;
        }
        return loss.outputActivation() != null ? loss.outputActivation() : lastHidden;
    }

    private Double slope(boolean leaky) {
        return leaky ? (negativeSlope != null ? negativeSlope : Activation.LeakyRelu.DEFAULT_SLOPE) : null;
    }

    /** The hidden stack of a resolved model, the shorthand spelled out as the equivalent list. */
    List<LayerSpec> stack() {
        if (layers != null) {
            return layers;
        }
        List<LayerSpec> stack = new ArrayList<>();
        for (int width : hiddenLayers) {
            stack.add(new LayerSpec.Linear(width));
            stack.add(new LayerSpec.Activate(activation, activation == ActivationType.LEAKY_RELU ? negativeSlope : null));
        }
        return stack;
    }

    /**
     * Every entry of {@link #stack()} depth-first through residual blocks, each with the field that names
     * it as the client wrote it ({@code model.layers[2].layers[0]}, or {@code model.hiddenLayers[1]} for a
     * linear layer of the shorthand).
     */
    void walk(java.util.function.BiConsumer<String, LayerSpec> visit) {
        if (layers != null) {
            LayerSpec.walk(layers, "model.layers", visit);
            return;
        }
        List<LayerSpec> stack = stack();
        for (int i = 0; i < stack.size(); i++) {
            visit.accept(i % 2 == 0 ? "model.hiddenLayers[" + i / 2 + "]" : "model.activation", stack.get(i));
        }
    }

    /** The engine's model of a resolved spec. */
    Experiment.Model engine() {
        return new Experiment.Model(stack().stream().map(LayerSpec::engine).toList(),
                outputActivation.engine(negativeSlope), init.initializer());
    }
}
