package io.mlplab.study;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The studies the README asks for, by name: the seed's own table and one per question it leaves open. Each
 * is a base spec and a grid, exactly as a client would send them.
 */
final class StudyPresets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * A named study.
     *
     * @param name        what to send as {@code preset}
     * @param description the question it answers
     * @param base        the members' base spec
     * @param grid        the grid over it
     */
    @Schema(name = "StudyPreset", description = "A named study: its base spec and grid.",
            example = "{\"name\":\"sigmoid-vs-relu\",\"description\":\"The seed's study.\",\"base\":{},"
                    + "\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"]}}")
    record Preset(
            @Schema(description = "What to send as `preset`.", example = "sigmoid-vs-relu") String name,
            @Schema(description = "The question it answers.", example = "The seed's study: sigmoid and ReLU with one "
                    + "to four hidden layers.") String description,
            @Schema(description = "The members' base job spec.", example = "{}") JsonNode base,
            @Schema(description = "The grid over the base.",
                    example = "{\"model.activation\":[\"sigmoid\",\"relu\"]}") Map<String, List<JsonNode>> grid) {
    }

    static final List<Preset> ALL = List.of(
            preset("sigmoid-vs-relu", "The seed's study: sigmoid and ReLU with one to four hidden layers (test "
                            + "accuracy sigmoid 1.00 / 0.46 / 0.46 / 0.46, relu 1.00 / 1.00 / 1.00 / 0.46).",
                    "{}",
                    "{\"model.activation\": [\"sigmoid\", \"relu\"],"
                            + " \"model.hiddenLayers\": [[16], [16, 32], [16, 32, 16], [16, 32, 16, 8]]}"),
            preset("initialization", "Does initialization rescue the deep networks? Sigmoid and ReLU with four hidden "
                            + "layers under the seed's uniform(0, 0.01) weights, Xavier and He.",
                    "{\"model\": {\"hiddenLayers\": [16, 32, 16, 8]}}",
                    "{\"model.activation\": [\"sigmoid\", \"relu\"],"
                            + " \"model.init\": [{\"scheme\": \"uniform\"}, {\"scheme\": \"xavier_uniform\"},"
                            + " {\"scheme\": \"he_uniform\"}]}"),
            preset("optimizers", "Does another optimizer rescue the deep ReLU net with the seed's initialization? "
                            + "Plain SGD, SGD with momentum, Adam, RMSprop and Adagrad.",
                    "{\"model\": {\"hiddenLayers\": [16, 32, 16, 8], \"activation\": \"relu\"}}",
                    "{\"training.optimizer\": [{\"type\": \"sgd\"}, {\"type\": \"sgd\", \"momentum\": 0.9},"
                            + " {\"type\": \"adam\", \"learningRate\": 0.001}, {\"type\": \"rmsprop\","
                            + " \"learningRate\": 0.001}, {\"type\": \"adagrad\", \"learningRate\": 0.01}]}"),
            preset("losses", "Does the loss matter? MSE, binary cross-entropy and cross-entropy, with one and two "
                            + "sigmoid hidden layers.",
                    "{}",
                    "{\"training.loss\": [\"mse\", \"bce\", \"cross_entropy\"],"
                            + " \"model.hiddenLayers\": [[16], [16, 32]]}"),
            preset("architecture", "Do skip connections and normalization rescue the deep nets with the seed's "
                            + "initialization? Sigmoid with four hidden layers of 16, plain and as residual blocks; relu "
                            + "[16,32,16,8] plain, with batch norm and with layer norm after each linear layer.",
                    "{}",
                    """
                    {"model.layers": [
                      [{"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"},
                       {"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"},
                       {"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"},
                       {"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"}],
                      [{"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"},
                       {"type": "residual", "layers": [{"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"}]},
                       {"type": "residual", "layers": [{"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"}]},
                       {"type": "residual", "layers": [{"type": "linear", "units": 16}, {"type": "activation", "function": "sigmoid"}]}],
                      [{"type": "linear", "units": 16}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 32}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 16}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 8}, {"type": "activation", "function": "relu"}],
                      [{"type": "linear", "units": 16}, {"type": "batch_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 32}, {"type": "batch_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 16}, {"type": "batch_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 8}, {"type": "batch_norm"}, {"type": "activation", "function": "relu"}],
                      [{"type": "linear", "units": 16}, {"type": "layer_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 32}, {"type": "layer_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 16}, {"type": "layer_norm"}, {"type": "activation", "function": "relu"},
                       {"type": "linear", "units": 8}, {"type": "layer_norm"}, {"type": "activation", "function": "relu"}]]}
                    """),
            preset("data", "How does the data's complexity change the seed's table? Sigmoid and ReLU with one to "
                            + "four hidden layers on blobs, moons, circles, spirals and xor.",
                    "{}",
                    "{\"data.kind\": [\"blobs\", \"moons\", \"circles\", \"spirals\", \"xor\"],"
                            + " \"model.activation\": [\"sigmoid\", \"relu\"],"
                            + " \"model.hiddenLayers\": [[16], [16, 32], [16, 32, 16], [16, 32, 16, 8]]}"),
            preset("schedules", "Learning-rate schedules for Adam on the deep ReLU net: constant, step, cosine, "
                            + "warm-up then cosine, one cycle.",
                    "{\"model\": {\"hiddenLayers\": [16, 32, 16, 8], \"activation\": \"relu\"},"
                            + " \"training\": {\"optimizer\": {\"type\": \"adam\", \"learningRate\": 0.001}}}",
                    "{\"training.schedule\": [{\"type\": \"constant\"}, {\"type\": \"step\", \"stepSize\": 300,"
                            + " \"gamma\": 0.5}, {\"type\": \"cosine\"}, {\"type\": \"warmup_cosine\","
                            + " \"warmupEpochs\": 50}, {\"type\": \"one_cycle\"}]}"));

    private StudyPresets() {
    }

    static Optional<Preset> find(String name) {
        return ALL.stream().filter(preset -> preset.name().equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }

    private static Preset preset(String name, String description, String base, String grid) {
        Map<String, List<JsonNode>> axes = JSON.readValue(grid, new TypeReference<LinkedHashMap<String, List<JsonNode>>>() {
        });
        return new Preset(name, description, JSON.readTree(base), axes);
    }
}
