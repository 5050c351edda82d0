package io.mlplab.training;

import io.mlplab.data.Blobs;
import java.util.List;
import java.util.Map;

/** Builds engine experiments for tests from the reference program's flat settings. */
final class Experiments {

    private Experiments() {
    }

    static Activation activation(String name) {
        return switch (name) {
            case "sigmoid" -> new Activation.Sigmoid();
            case "relu" -> new Activation.Relu();
            case "tanh" -> new Activation.Tanh();
            case "leaky_relu" -> new Activation.LeakyRelu(Activation.LeakyRelu.DEFAULT_SLOPE);
            case "gelu" -> new Activation.Gelu();
            case "linear" -> new Activation.Linear();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The seed's experiment with the given hidden layers and activation on every layer. */
    static Experiment seed(List<Integer> hidden, String activation) {
        return fromReference(Map.<String, Object>of("hiddenLayers", hidden, "activation", activation));
    }

    /** Settings named as in {@code tools/reference/seed_mlp.py}; absent ones take the seed's values. */
    @SuppressWarnings("unchecked")
    static Experiment fromReference(Map<String, Object> settings) {
        String act = (String) settings.getOrDefault("activation", "sigmoid");
        Object out = settings.get("outputActivation");
        return new Experiment(
                number(settings, "seed", 42).longValue(),
                new Experiment.Data(new Blobs(number(settings, "samples", 500).intValue(),
                        number(settings, "features", 8).intValue(), number(settings, "center", 2.0).doubleValue(),
                        number(settings, "noise", 1.0).doubleValue()),
                        number(settings, "testFraction", 0.2).doubleValue(), true),
                new Experiment.Model((List<Integer>) settings.getOrDefault("hiddenLayers", List.of()),
                        activation(act), activation(out == null ? act : (String) out),
                        new Initializer.Uniform(number(settings, "scale", 0.01).doubleValue())),
                new Experiment.Training(number(settings, "epochs", 1000).intValue(), new Loss.MeanSquaredError(),
                        params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(number(settings, "learningRate", 0.1).doubleValue()),
                        number(settings, "evaluateEvery", 10).intValue()));
    }

    private static Number number(Map<String, Object> settings, String key, Number fallback) {
        Object value = settings.get(key);
        return value == null ? fallback : (Number) value;
    }
}
