package io.mlplab.training;

import io.mlplab.data.DatasetGenerator;
import java.util.List;

/**
 * Everything a run needs, already resolved to engine types. The job service builds one from a request;
 * tests build them directly.
 *
 * @param seed     seeds the job's random stream (data, then weights) and, separately, the split
 * @param data     how to make and prepare the dataset
 * @param model    the network's shape and initial weights
 * @param training    the loop: epochs, loss, optimizer, schedule and evaluation cadence
 * @param diagnostics per-layer diagnostics and the run's summary
 */
public record Experiment(long seed, Data data, Model model, Training training, DiagnosticsSettings diagnostics) {

    /** An experiment with the default diagnostics (every 10 epochs). */
    public Experiment(long seed, Data data, Model model, Training training) {
        this(seed, data, model, training, DiagnosticsSettings.DEFAULTS);
    }

    /** The same experiment with other diagnostics settings. */
    public Experiment withDiagnostics(DiagnosticsSettings settings) {
        return new Experiment(seed, data, model, training, settings);
    }

    /**
     * @param generator    makes the raw dataset from the job's stream
     * @param testFraction the share of samples held out, as scikit-learn's {@code test_size}
     * @param standardize  whether to apply scikit-learn's {@code StandardScaler} before splitting
     */
    public record Data(DatasetGenerator generator, double testFraction, boolean standardize) {
    }

    /**
     * @param hiddenLayers     the width of each hidden layer, input side first; may be empty
     * @param activation       the hidden layers' activation
     * @param outputActivation the output layer's activation
     * @param initializer      draws each weight matrix
     */
    public record Model(List<Integer> hiddenLayers, Activation activation, Activation outputActivation,
                        Initializer initializer) {
        public Model {
            hiddenLayers = List.copyOf(hiddenLayers);
        }

        /** Weights and biases of a network with this shape between {@code inputs} and {@code outputs}. */
        public long parameterCount(int inputs, int outputs) {
            long count = 0;
            int in = inputs;
            for (int width : hiddenLayers) {
                count += (long) in * width + width;
                in = width;
            }
            return count + (long) in * outputs + outputs;
        }
    }

    /**
     * @param epochs        full passes over the training set
     * @param loss          what is minimized
     * @param optimizer     makes the optimizer once the parameters exist
     * @param schedule      the learning rate of each epoch
     * @param evaluateEvery evaluate on both sets every this many epochs (and after the last one)
     */
    public record Training(int epochs, Loss loss, Optimizer.Factory optimizer, LearningRateSchedule schedule,
                           int evaluateEvery) {
    }
}
