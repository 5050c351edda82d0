package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.training.Activation;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * One entry of {@code model.layers}, the hidden stack in order as PyTorch's {@code nn.Sequential} would list
 * it, chosen by {@code type} (required).
 */
@TypeChoice(value = "a %s layer", fields = "fields")
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = LayerSpec.Activate.class, name = "activation")})
@Schema(name = "JobSpecLayer", description = "One entry of the hidden stack, chosen by `type`: `linear` (a fully "
        + "connected layer of `units` outputs) or `activation` (an element-wise `function`).",
        oneOf = {LayerSpec.Linear.class, LayerSpec.Activate.class}, discriminatorProperty = "type",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "linear", schema = LayerSpec.Linear.class),
            @DiscriminatorMapping(value = "activation", schema = LayerSpec.Activate.class)},
        example = "{\"type\":\"linear\",\"units\":16}")
public sealed interface LayerSpec permits LayerSpec.Linear, LayerSpec.Activate {

    /** This entry with every absent field filled in. */
    LayerSpec resolve();

    /** The engine's entry of a resolved spec. */
    io.mlplab.training.LayerSpec engine();

    /** @param units outputs of the layer */
    @Schema(name = "LinearLayer", description = "`linear`: Z = A·W + b with `units` outputs.",
            example = "{\"type\":\"linear\",\"units\":16}")
    record Linear(
            @Schema(description = "Outputs of the layer, at least 1.", example = "16", minimum = "1",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull @Positive Integer units) implements LayerSpec {

        @Override
        public Linear resolve() {
            return this;
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.Linear(units);
        }
    }

    /**
     * @param function      the function
     * @param negativeSlope leaky_relu's slope for negative inputs
     */
    @Schema(name = "ActivationLayer", description = "`activation`: A = f(Z), element-wise.",
            example = "{\"type\":\"activation\",\"function\":\"relu\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Activate(
            @Schema(description = "The function, as `model.activation` names them.", example = "relu",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull ActivationType function,
            @Schema(description = "leaky_relu only: the slope for negative inputs. Default 0.01.", example = "0.01",
                    minimum = "0")
            @PositiveOrZero Double negativeSlope) implements LayerSpec {

        @Override
        public Activate resolve() {
            return new Activate(function, function == ActivationType.LEAKY_RELU && negativeSlope == null
                    ? Double.valueOf(Activation.LeakyRelu.DEFAULT_SLOPE) : negativeSlope);
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.Activate(function.engine(negativeSlope));
        }
    }
}
