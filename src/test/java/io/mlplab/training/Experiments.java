package io.mlplab.training;

import io.mlplab.data.Blobs;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.data.GaussianBlobs;
import java.util.List;
import java.util.Map;

/**
 * Builds engine experiments for tests: from the seed reference program's flat settings
 * ({@link #fromReference}), and from a nested job spec as the HTTP contract names its fields
 * ({@link #fromSpec}), which is the JSON → engine mapping the job service is expected to implement.
 */
final class Experiments {

    private Experiments() {
    }

    static Activation activation(String name) {
        return activation(name, Activation.LeakyRelu.DEFAULT_SLOPE);
    }

    static Activation activation(String name, double negativeSlope) {
        return switch (name) {
            case "sigmoid" -> new Activation.Sigmoid();
            case "relu" -> new Activation.Relu();
            case "tanh" -> new Activation.Tanh();
            case "leaky_relu" -> new Activation.LeakyRelu(negativeSlope);
            case "gelu" -> new Activation.Gelu();
            case "gelu_tanh" -> new Activation.GeluTanh();
            case "elu" -> new Activation.Elu();
            case "silu" -> new Activation.Silu();
            case "softplus" -> new Activation.Softplus();
            case "linear" -> new Activation.Linear();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Loss loss(String name) {
        return switch (name) {
            case "mse" -> new Loss.MeanSquaredError();
            case "bce" -> new Loss.BinaryCrossEntropy();
            case "cross_entropy" -> new Loss.CrossEntropy();
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

    /**
     * A job spec as the contract names its fields (every field optional, absent = the seed's value) to an
     * engine experiment. This is the mapping recommended to the job service; {@code torch_reference.py}
     * resolves the same spec with the same defaults.
     */
    static Experiment fromSpec(Map<String, Object> spec) {
        Map<String, Object> data = object(spec, "data");
        Map<String, Object> model = object(spec, "model");
        Map<String, Object> init = object(model, "init");
        Map<String, Object> training = object(spec, "training");
        Map<String, Object> optimizer = object(training, "optimizer");

        String kind = string(data, "kind", "blobs");
        DatasetGenerator generator = switch (kind) {
            case "blobs" -> new Blobs(integer(data, "samples", 500), integer(data, "features", 8),
                    number(data, "center", 2.0).doubleValue(), number(data, "noise", 1.0).doubleValue());
            case "gaussian_blobs" -> new GaussianBlobs(integer(data, "samples", 500), integer(data, "features", 8),
                    integer(data, "classes", 3), number(data, "spread", 2.0).doubleValue(),
                    number(data, "noise", 1.0).doubleValue());
            default -> throw new IllegalArgumentException(kind);
        };

        double slope = number(model, "negativeSlope", Activation.LeakyRelu.DEFAULT_SLOPE).doubleValue();
        String act = string(model, "activation", "sigmoid");
        String lossName = string(training, "loss", "mse");
        // absent outputActivation: the activation the loss requires, else the hidden layers' (the contract's rule)
        String out = string(model, "outputActivation", switch (lossName) {
            case "bce" -> "sigmoid";
            case "cross_entropy" -> "linear";
            default -> act;
        });
        Double gain = model == null || init == null || init.get("gain") == null
                ? null : ((Number) init.get("gain")).doubleValue();
        Initializer initializer = switch (string(init, "scheme", "uniform")) {
            case "uniform" -> new Initializer.Uniform(number(init, "scale", Initializer.Uniform.SEED_SCALE).doubleValue());
            case "xavier_uniform" -> new Initializer.XavierUniform(gain);
            case "xavier_normal" -> new Initializer.XavierNormal(gain);
            case "he_uniform" -> new Initializer.HeUniform(gain);
            case "he_normal" -> new Initializer.HeNormal(gain);
            case "lecun_normal" -> new Initializer.LecunNormal(gain);
            default -> throw new IllegalArgumentException(string(init, "scheme", ""));
        };

        int epochs = integer(training, "epochs", 1000);
        double lr = number(optimizer, "learningRate", 0.1).doubleValue();
        List<?> betas = optimizer != null && optimizer.get("betas") != null
                ? (List<?>) optimizer.get("betas") : List.of(0.9, 0.999);
        double beta1 = ((Number) betas.get(0)).doubleValue();
        double beta2 = ((Number) betas.get(1)).doubleValue();
        String type = string(optimizer, "type", "sgd");
        Optimizer.Factory factory = switch (type) {
            case "sgd" -> new Optimizer.Sgd(number(optimizer, "momentum", 0).doubleValue(),
                    number(optimizer, "dampening", 0).doubleValue(), bool(optimizer, "nesterov", false),
                    number(optimizer, "weightDecay", 0).doubleValue());
            case "adam" -> new Optimizer.Adam(beta1, beta2, number(optimizer, "eps", 1e-8).doubleValue(),
                    number(optimizer, "weightDecay", 0).doubleValue());
            case "adamw" -> new Optimizer.AdamW(beta1, beta2, number(optimizer, "eps", 1e-8).doubleValue(),
                    number(optimizer, "weightDecay", 0.01).doubleValue());
            case "rmsprop" -> new Optimizer.RmsProp(number(optimizer, "alpha", 0.99).doubleValue(),
                    number(optimizer, "eps", 1e-8).doubleValue(), number(optimizer, "weightDecay", 0).doubleValue(),
                    number(optimizer, "momentum", 0).doubleValue(), bool(optimizer, "centered", false));
            case "adagrad" -> new Optimizer.Adagrad(number(optimizer, "lrDecay", 0).doubleValue(),
                    number(optimizer, "weightDecay", 0).doubleValue(),
                    number(optimizer, "initialAccumulatorValue", 0).doubleValue(),
                    number(optimizer, "eps", 1e-10).doubleValue());
            default -> throw new IllegalArgumentException(type);
        };

        Map<String, Object> schedule = object(training, "schedule");
        String scheduleType = string(schedule, "type", "constant");
        LearningRateSchedule rates = switch (scheduleType) {
            case "constant" -> new LearningRateSchedule.Constant(lr);
            case "step" -> new LearningRateSchedule.Step(lr, integer(schedule, "stepSize", -1),
                    number(schedule, "gamma", LearningRateSchedule.Step.DEFAULT_GAMMA).doubleValue());
            case "exponential" -> new LearningRateSchedule.Exponential(lr, number(schedule, "gamma", -1).doubleValue());
            case "cosine" -> new LearningRateSchedule.Cosine(lr, number(schedule, "minLearningRate", 0).doubleValue());
            case "warmup_cosine" -> new LearningRateSchedule.WarmupCosine(lr, integer(schedule, "warmupEpochs", -1),
                    number(schedule, "minLearningRate", 0).doubleValue());
            case "one_cycle" -> new LearningRateSchedule.OneCycle(lr, number(schedule, "pctStart", 0.3).doubleValue(),
                    number(schedule, "divFactor", 25.0).doubleValue(),
                    number(schedule, "finalDivFactor", 1e4).doubleValue());
            default -> throw new IllegalArgumentException(scheduleType);
        };

        Object batchSize = training == null ? null : training.get("batchSize");
        Experiment.MiniBatches batches = batchSize == null ? null
                : new Experiment.MiniBatches(((Number) batchSize).intValue(), bool(training, "shuffle", true));
        Map<String, Object> early = object(training, "earlyStopping");
        Experiment.EarlyStopping earlyStopping = early == null ? null : new Experiment.EarlyStopping(
                switch (string(early, "monitor", "testLoss")) {
                    case "trainLoss" -> Experiment.EarlyStopping.Monitor.TRAIN_LOSS;
                    case "testLoss" -> Experiment.EarlyStopping.Monitor.TEST_LOSS;
                    default -> throw new IllegalArgumentException(string(early, "monitor", ""));
                },
                integer(early, "patience", 10), number(early, "minDelta", 0).doubleValue());
        Object stopAtLoss = training == null ? null : training.get("stopAtLoss");

        return new Experiment(
                number(spec, "seed", 42).longValue(),
                new Experiment.Data(generator, number(data, "testFraction", 0.2).doubleValue(),
                        bool(data, "standardize", true)),
                new Experiment.Model(integers(model, "hiddenLayers"), activation(act, slope), activation(out, slope),
                        initializer),
                new Experiment.Training(epochs, loss(lossName), factory, rates,
                        integer(training, "evaluateEvery", 10), batches, earlyStopping,
                        stopAtLoss == null ? null : ((Number) stopAtLoss).doubleValue()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        return parent == null ? null : (Map<String, Object>) parent.get(key);
    }

    private static String string(Map<String, Object> parent, String key, String fallback) {
        Object value = parent == null ? null : parent.get(key);
        return value == null ? fallback : (String) value;
    }

    private static boolean bool(Map<String, Object> parent, String key, boolean fallback) {
        Object value = parent == null ? null : parent.get(key);
        return value == null ? fallback : (Boolean) value;
    }

    private static int integer(Map<String, Object> parent, String key, int fallback) {
        return number(parent, key, fallback).intValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> integers(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        if (value == null) {
            return List.of();
        }
        return ((List<Number>) value).stream().map(Number::intValue).toList();
    }

    private static Number number(Map<String, Object> settings, String key, Number fallback) {
        Object value = settings == null ? null : settings.get(key);
        return value == null ? fallback : (Number) value;
    }
}
