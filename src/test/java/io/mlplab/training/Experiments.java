package io.mlplab.training;

import io.mlplab.data.Blobs;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Builds engine experiments for tests: from the seed reference program's flat settings
 * ({@link #fromReference}), and in engine types ({@link #loop}, {@link #onSeedData}). Job specs as clients
 * write them compile through the real spec compiler, in the spec package's tests.
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

    /** The seed's data and seed with this model and loop. */
    static Experiment onSeedData(Experiment.Model model, Experiment.Training training) {
        return new Experiment(42, new Experiment.Data(new Blobs(500, 8, 2.0, 1.0), 0.2, true), model, training);
    }

    /** A training loop for engine tests, in engine types; what is not set is the seed's. */
    static Loop loop(int epochs) {
        return new Loop(epochs);
    }

    /** A mutable builder of {@link Experiment.Training}. */
    static final class Loop {
        private final int epochs;
        private Loss loss = new Loss.MeanSquaredError();
        private Optimizer.Factory optimizer = Optimizer.Sgd.DEFAULTS;
        private DoubleFunction<LearningRateSchedule> schedule = LearningRateSchedule::constant;
        private double learningRate = 0.1;
        private int evaluateEvery = 10;
        private Experiment.MiniBatches batches;
        private Experiment.EarlyStopping earlyStopping;
        private Double stopAtLoss;

        private Loop(int epochs) {
            this.epochs = epochs;
        }

        Loop loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        Loop optimizer(Optimizer.Factory optimizer, double learningRate) {
            this.optimizer = optimizer;
            this.learningRate = learningRate;
            return this;
        }

        /** The schedule around the loop's learning rate. */
        Loop schedule(DoubleFunction<LearningRateSchedule> schedule) {
            this.schedule = schedule;
            return this;
        }

        Loop evaluateEvery(int evaluateEvery) {
            this.evaluateEvery = evaluateEvery;
            return this;
        }

        Loop batches(int size, boolean shuffle) {
            this.batches = new Experiment.MiniBatches(size, shuffle);
            return this;
        }

        Loop earlyStopping(Experiment.EarlyStopping.Monitor monitor, int patience, double minDelta) {
            this.earlyStopping = new Experiment.EarlyStopping(monitor, patience, minDelta);
            return this;
        }

        Loop stopAtLoss(double stopAtLoss) {
            this.stopAtLoss = stopAtLoss;
            return this;
        }

        Experiment.Training build() {
            return new Experiment.Training(epochs, loss, optimizer, schedule.apply(learningRate), evaluateEvery,
                    batches, earlyStopping, stopAtLoss);
        }
    }

    private static Number number(Map<String, Object> settings, String key, Number fallback) {
        Object value = settings == null ? null : settings.get(key);
        return value == null ? fallback : (Number) value;
    }
}
