package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.training.Activation;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * One entry of {@code model.layers}, the hidden stack in order as PyTorch's {@code nn.Sequential} would list
 * it, chosen by {@code type} (required).
 */
@TypeChoice(value = "a %s layer", fields = "fields")
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = LayerSpec.Activate.class, name = "activation"),
    @JsonSubTypes.Type(value = LayerSpec.LayerNorm.class, name = "layer_norm"),
    @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batch_norm"),
    @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = LayerSpec.Residual.class, name = "residual")})
@Schema(name = "JobSpecLayer", description = "One entry of the hidden stack, chosen by `type`: `linear` (a fully "
        + "connected layer of `units` outputs), `activation` (an element-wise `function`), `layer_norm`, "
        + "`batch_norm`, `dropout`, or `residual` (a skip connection around its own `layers`, which keep the "
        + "width; blocks may nest).",
        oneOf = {LayerSpec.Linear.class, LayerSpec.Activate.class, LayerSpec.LayerNorm.class,
            LayerSpec.BatchNorm.class, LayerSpec.Dropout.class, LayerSpec.Residual.class},
        discriminatorProperty = "type",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "linear", schema = LayerSpec.Linear.class),
            @DiscriminatorMapping(value = "activation", schema = LayerSpec.Activate.class),
            @DiscriminatorMapping(value = "layer_norm", schema = LayerSpec.LayerNorm.class),
            @DiscriminatorMapping(value = "batch_norm", schema = LayerSpec.BatchNorm.class),
            @DiscriminatorMapping(value = "dropout", schema = LayerSpec.Dropout.class),
            @DiscriminatorMapping(value = "residual", schema = LayerSpec.Residual.class)},
        example = "{\"type\":\"linear\",\"units\":16}")
public sealed interface LayerSpec permits LayerSpec.Linear, LayerSpec.Activate, LayerSpec.LayerNorm,
        LayerSpec.BatchNorm, LayerSpec.Dropout, LayerSpec.Residual {

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

    /** @param eps added to the variance */
    @Schema(name = "LayerNormLayer", description = "`layer_norm`: PyTorch's nn.LayerNorm(width, eps): each sample "
            + "normalized over its features (mean, biased variance), then scaled by γ (starts at 1) and shifted by "
            + "β (starts at 0), both trained; the same in training and evaluation. Keeps the width, draws nothing.",
            example = "{\"type\":\"layer_norm\",\"eps\":1e-5}")
    record LayerNorm(
            @Schema(description = "Added to the variance. Default 1e-5.", example = "1e-5", minimum = "0",
                    exclusiveMinimum = true)
            @Positive Double eps) implements LayerSpec {

        @Override
        public LayerNorm resolve() {
            return new LayerNorm(eps != null ? eps : io.mlplab.training.LayerSpec.LayerNorm.DEFAULT_EPS);
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.LayerNorm(eps);
        }
    }

    /**
     * @param momentum the running statistics' update weight
     * @param eps      added to the variance
     */
    @Schema(name = "BatchNormLayer", description = "`batch_norm`: PyTorch's nn.BatchNorm1d(width, eps, momentum). "
            + "Training passes normalize each feature with the batch's mean and biased variance and update the "
            + "running mean and running (unbiased) variance, which start at 0 and 1; evaluation passes (every "
            + "evaluation, the diagnostics' extra pass with mini-batches, the final result) use the running "
            + "statistics. γ and β as layer_norm. Needs batches of at least 2 rows.",
            example = "{\"type\":\"batch_norm\",\"momentum\":0.1,\"eps\":1e-5}")
    record BatchNorm(
            @Schema(description = "running = momentum·batch + (1 − momentum)·running. Default 0.1.", example = "0.1",
                    minimum = "0", maximum = "1")
            @DecimalMin("0") @DecimalMax("1") Double momentum,
            @Schema(description = "Added to the variance. Default 1e-5.", example = "1e-5", minimum = "0",
                    exclusiveMinimum = true)
            @Positive Double eps) implements LayerSpec {

        @Override
        public BatchNorm resolve() {
            return new BatchNorm(momentum != null ? momentum : io.mlplab.training.LayerSpec.BatchNorm.DEFAULT_MOMENTUM,
                    eps != null ? eps : io.mlplab.training.LayerSpec.LayerNorm.DEFAULT_EPS);
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.BatchNorm(momentum, eps);
        }
    }

    /** @param p the share of units dropped */
    @Schema(name = "DropoutLayer", description = "`dropout`: inverted dropout in training passes only. Each "
            + "training pass draws rand(rows, width) from the job's stream (each dropout layer in list order, "
            + "after the epoch's permutation) and keeps a unit where its draw is ≥ p, scaled by 1/(1 − p); "
            + "evaluation passes draw nothing and change nothing.",
            example = "{\"type\":\"dropout\",\"p\":0.2}")
    record Dropout(
            @Schema(description = "The share of units dropped, in [0, 1). Default 0.5 (PyTorch's).", example = "0.2",
                    minimum = "0", maximum = "1", exclusiveMaximum = true)
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double p) implements LayerSpec {

        @Override
        public Dropout resolve() {
            return new Dropout(p != null ? p : io.mlplab.training.LayerSpec.Dropout.DEFAULT_P);
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.Dropout(p);
        }
    }

    /** @param layers the inner list */
    @Schema(name = "ResidualLayer", description = "`residual`: a skip connection, output = input + layers(input). "
            + "The inner list is a stack as model.layers (blocks may nest) and must keep the width. Its linear "
            + "layers draw their weights in list order, depth-first, before the output layer's.",
            example = "{\"type\":\"residual\",\"layers\":[{\"type\":\"linear\",\"units\":16},"
                    + "{\"type\":\"activation\",\"function\":\"sigmoid\"}]}")
    record Residual(
            @Schema(description = "The inner list, as model.layers; its output must have the block's input width.",
                    example = "[{\"type\":\"linear\",\"units\":16},{\"type\":\"activation\",\"function\":\"sigmoid\"}]",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @NotNull List<@NotNull @Valid LayerSpec> layers) implements LayerSpec {

        @Override
        public Residual resolve() {
            return new Residual(layers.stream().map(LayerSpec::resolve).toList());
        }

        @Override
        public io.mlplab.training.LayerSpec engine() {
            return new io.mlplab.training.LayerSpec.Residual(layers.stream().map(LayerSpec::engine).toList());
        }
    }

    /**
     * Every entry of {@code layers} (named {@code field}), depth-first through residual blocks, with its field
     * path: {@code model.layers[2].layers[0]}.
     */
    static void walk(List<LayerSpec> layers, String field, java.util.function.BiConsumer<String, LayerSpec> visit) {
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String path = field + "[" + i + "]";
            visit.accept(path, layer);
            if (layer instanceof Residual residual && residual.layers() != null) {
                walk(residual.layers(), path + ".layers", visit);
            }
        }
    }
}
