package io.mlplab.training;

import io.mlplab.data.DatasetGenerator;
import io.mlplab.data.LabelNoise;
import io.mlplab.data.NumpyRandom;
import io.mlplab.data.PreparedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
     * @param labelNoise   the share of training labels flipped after the split ({@link LabelNoise})
     */
    public record Data(DatasetGenerator generator, double testFraction, boolean standardize, double labelNoise) {

        /** Clean labels. */
        public Data(DatasetGenerator generator, double testFraction, boolean standardize) {
            this(generator, testFraction, standardize, 0.0);
        }

        /**
         * The job's data from {@code random}, the job's stream, as {@link PreparedData#prepare} makes them: what
         * the trainer trains on ({@code standardized}), or the same rows as generated.
         */
        public PreparedData prepare(long seed, NumpyRandom random, boolean standardized) {
            return PreparedData.prepare(generator, testFraction, standardize, labelNoise, seed, random, standardized);
        }
    }

    /**
     * The network: the hidden stack in order, then the output layer (linear to the outputs, then
     * {@code outputActivation}), which the trainer appends.
     *
     * @param layers           the hidden stack, input side first; may be empty
     * @param outputActivation the output layer's activation
     * @param initializer      draws each linear layer's weights, in list order, then the output layer's
     */
    public record Model(List<LayerSpec> layers, Activation outputActivation, Initializer initializer) {
        public Model {
            layers = List.copyOf(layers);
        }

        /**
         * The seed's shape: {@code hiddenLayers} linear layers, each followed by {@code activation}; the
         * shorthand for {@code [linear h0, activation, linear h1, activation, …]}.
         */
        public Model(List<Integer> hiddenLayers, Activation activation, Activation outputActivation,
                     Initializer initializer) {
            this(stack(hiddenLayers, activation), outputActivation, initializer);
        }

        private static List<LayerSpec> stack(List<Integer> hiddenLayers, Activation activation) {
            List<LayerSpec> layers = new ArrayList<>(2 * hiddenLayers.size());
            for (int width : hiddenLayers) {
                layers.add(new LayerSpec.Linear(width));
                layers.add(new LayerSpec.Activate(activation));
            }
            return layers;
        }

        /** Linear layers, hidden and output (through residual blocks): the layers that have weights. */
        public int weightLayers() {
            return 1 + linearLayers(layers);
        }

        private static int linearLayers(List<LayerSpec> list) {
            int count = 0;
            for (LayerSpec layer : list) {
                if (layer instanceof LayerSpec.Linear) {
                    count++;
                } else if (layer instanceof LayerSpec.Residual residual) {
                    count += linearLayers(residual.layers());
                }
            }
            return count;
        }

        /**
         * Weights and biases of a network with this shape between {@code inputs} and {@code outputs}, and the
         * γ and β of its norm layers.
         */
        public long parameterCount(int inputs, int outputs) {
            long[] count = new long[1];
            int in = walk(layers, inputs, (layer, width, fused) -> {
                if (layer instanceof LayerSpec.Linear linear) {
                    count[0] += (long) width * linear.units() + linear.units();
                } else if (layer instanceof LayerSpec.LayerNorm || layer instanceof LayerSpec.BatchNorm) {
                    count[0] += 2L * width;
                }
            });
            return count[0] + (long) in * outputs + outputs;
        }

        /**
         * About the most bytes a trainer of this model holds, counting what the engine allocates: the data
         * (generated, then split into two sets: two copies) and a gathered batch of at most {@code rows}; per
         * parameter its gradient, up to three optimizer slots, the diagnostics' copy of the weights, the
         * transposed weights of the backward pass, the weights packed for the vector kernels' products, and the
         * copy of the final weights
         * the job keeps ({@link Network.Snapshot}; the data are not kept, they can be made again); per linear layer three {@code (rows, width)} scratch
         * matrices ({@code Z}, {@code A}, {@code dZ}; two when no activation follows it, since {@code A} is
         * then {@code Z}) and two more for the diagnostics (counted whether or not they are on); per norm
         * layer four ({@code x̂}, {@code Y}, {@code A}, {@code dA}; three without a fused activation); per
         * dropout layer three; per residual block two, and one more for the first layer of its list; per
         * activation that does not follow a linear or norm layer two. The temporaries of data generation and
         * matrix headers are not counted.
         *
         * @param samples  rows generated
         * @param features input columns
         * @param outputs  output units
         * @param rows     the most rows any pass sees (the larger of the two sets)
         */
        public long estimatedBytes(long samples, int features, int outputs, long rows) {
            long doubles = (2 * samples + rows) * (features + 1);
            doubles += 9 * parameterCount(features, outputs);
            long[] scratch = {5L * outputs};
            walk(layers, features, (layer, width, fused) -> {
                if (layer instanceof LayerSpec.Linear linear) {
                    scratch[0] += (fused ? 5L : 4L) * linear.units();
                } else if (layer instanceof LayerSpec.LayerNorm || layer instanceof LayerSpec.BatchNorm) {
                    scratch[0] += (fused ? 4L : 3L) * width;
                } else if (layer instanceof LayerSpec.Dropout) {
                    scratch[0] += 3L * width;
                } else if (layer instanceof LayerSpec.Residual) {
                    scratch[0] += 3L * width;
                } else if (!fused) {
                    scratch[0] += 2L * width;
                }
            });
            doubles += rows * scratch[0];
            return 8 * doubles;
        }

        /** What {@link #walk} shows each entry: its input width, and whether it is fused with its neighbour. */
        private interface Visitor {
            void visit(LayerSpec layer, int width, boolean fused);
        }

        /**
         * Visits every entry depth-first from an input of {@code width} units (a fused activation is shown
         * with {@code fused} set, and so is the linear or norm layer before it); returns the output width.
         */
        private static int walk(List<LayerSpec> list, int width, Visitor visitor) {
            for (int i = 0; i < list.size(); i++) {
                LayerSpec layer = list.get(i);
                boolean fusesNext = (layer instanceof LayerSpec.Linear || layer instanceof LayerSpec.LayerNorm
                        || layer instanceof LayerSpec.BatchNorm)
                        && i + 1 < list.size() && list.get(i + 1) instanceof LayerSpec.Activate;
                boolean fusedToPrevious = layer instanceof LayerSpec.Activate && i > 0
                        && (list.get(i - 1) instanceof LayerSpec.Linear || list.get(i - 1) instanceof LayerSpec.LayerNorm
                        || list.get(i - 1) instanceof LayerSpec.BatchNorm);
                visitor.visit(layer, width, fusesNext || fusedToPrevious);
                if (layer instanceof LayerSpec.Linear linear) {
                    width = linear.units();
                } else if (layer instanceof LayerSpec.Residual residual) {
                    walk(residual.layers(), width, visitor);
                }
            }
            return width;
        }
    }

    /**
     * @param epochs        full passes over the training set
     * @param loss          what is minimized
     * @param optimizer     makes the optimizer once the parameters exist
     * @param schedule      the learning rate of each epoch
     * @param evaluateEvery evaluate on both sets every this many epochs (and after the last one)
     * @param batches       mini-batches, or {@code null} for full-batch training (the seed's)
     * @param earlyStopping stop when the monitored loss stops improving, or {@code null} for never
     * @param stopAtLoss    stop once an epoch's training loss is at most this, or {@code null} for never
     */
    public record Training(int epochs, Loss loss, Optimizer.Factory optimizer, LearningRateSchedule schedule,
                           int evaluateEvery, MiniBatches batches, EarlyStopping earlyStopping,
                           Double stopAtLoss) {

        /** Full-batch training that runs every epoch. */
        public Training(int epochs, Loss loss, Optimizer.Factory optimizer, LearningRateSchedule schedule,
                        int evaluateEvery) {
            this(epochs, loss, optimizer, schedule, evaluateEvery, null, null, null);
        }
    }

    /**
     * Mini-batch training. Each epoch visits the training set in an order, cut into consecutive batches
     * of {@code size} rows (the last one shorter when {@code size} does not divide the training set);
     * the optimizer steps once per batch, every step with the epoch's learning rate. The order is
     * {@code permutation(nTrain)} drawn from the job's stream at the start of each epoch when
     * {@code shuffle} is set (the first one right after the weights, one per epoch, nothing else drawn
     * in between), and the training set's own order otherwise. The epoch's training loss is the mean over
     * samples: {@code Σ_b n_b·loss_b / nTrain}, each {@code loss_b} computed before that batch's update.
     *
     * @param size    rows per batch, at least 1; a size of at least {@code nTrain} makes one batch
     * @param shuffle draw a new order every epoch (the contract's default when batched)
     */
    public record MiniBatches(int size, boolean shuffle) {
        public MiniBatches {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + size);
            }
        }
    }

    /**
     * Stop when the monitored loss has not improved for {@code patience} checks. A check improves when
     * its value is below {@code best - minDelta} (the first check always does) and then becomes the new
     * best; any other check uses up one unit of patience, and the run ends after the check that uses up
     * the last. {@link Monitor#TRAIN_LOSS} checks every epoch's training loss (so patience counts
     * epochs); {@link Monitor#TEST_LOSS} checks each evaluation's test loss (patience counts
     * evaluations, one every {@code evaluateEvery} epochs).
     *
     * @param monitor  which loss to watch
     * @param patience checks without improvement before stopping, at least 1
     * @param minDelta the least decrease that counts as an improvement, at least 0
     */
    public record EarlyStopping(Monitor monitor, int patience, double minDelta) {
        /** The test loss, patience 10, any decrease counts. */
        public static final EarlyStopping DEFAULTS = new EarlyStopping(Monitor.TEST_LOSS, 10, 0.0);

        public EarlyStopping {
            if (monitor == null) {
                throw new IllegalArgumentException("monitor is required");
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1, got " + patience);
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("minDelta must be a finite number >= 0, got " + minDelta);
            }
        }

        /** The loss early stopping watches. */
        public enum Monitor {
            /** The epoch's mean training loss (the history's {@code train.loss}), checked every epoch. */
            TRAIN_LOSS,
            /** The test loss of each evaluation, checked every {@code evaluateEvery} epochs. */
            TEST_LOSS
        }
    }

    /**
     * Something impossible about an experiment.
     *
     * @param field   the job spec field to change, as the contract names it ({@code training.loss})
     * @param message what is wrong and what to change
     */
    public record Problem(String field, String message) {
    }

    /**
     * Every residual block of {@code list} (named {@code field}, getting {@code width} units) whose inner
     * list changes the width; returns the list's output width.
     */
    private static int residualWidths(List<LayerSpec> list, String field, int width, List<Problem> problems) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof LayerSpec.Linear linear) {
                width = linear.units();
            } else if (list.get(i) instanceof LayerSpec.Residual residual) {
                String inner = field + "[" + i + "].layers";
                int out = residualWidths(residual.layers(), inner, width, problems);
                if (out != width) {
                    problems.add(new Problem(inner, ("a residual block must keep the width: its input has %d units "
                            + "and its inner list gives %d; make the list's last linear layer %d units wide")
                            .formatted(width, out, width)));
                }
            }
        }
        return width;
    }

    /**
     * What makes this experiment impossible on data with {@code classes} classes (the combinations each
     * record cannot check alone); empty when it can run. The trainer refuses an experiment with problems.
     */
    public List<Problem> problems(int classes) {
        return problems(classes, -1);
    }

    /**
     * The same, and for data of {@code features} columns ({@code -1}: not known) every residual block
     * whose inner list does not keep its width.
     */
    public List<Problem> problems(int classes, int features) {
        List<Problem> problems = new ArrayList<>();
        Optional<Problem> loss = training.loss().check(model.outputActivation(), classes);
        if (loss.isPresent()) {
            problems.add(loss.get());
        }
        if (training.epochs() < 0) {
            problems.add(new Problem("training.epochs", "epochs must be at least 0"));
        }
        if (training.evaluateEvery() < 1) {
            problems.add(new Problem("training.evaluateEvery", "evaluateEvery must be at least 1"));
        }
        if (training.schedule() instanceof LearningRateSchedule.WarmupCosine warmup
                && warmup.warmupEpochs() >= training.epochs()) {
            problems.add(new Problem("training.schedule.warmupEpochs", "must be less than training.epochs ("
                    + training.epochs() + "), got " + warmup.warmupEpochs()));
        }
        if (features > 0) {
            residualWidths(model.layers(), "model.layers", features, problems);
        }
        if (training.stopAtLoss() != null && !Double.isFinite(training.stopAtLoss())) {
            problems.add(new Problem("training.stopAtLoss", "stopAtLoss must be a finite number"));
        }
        return problems;
    }
}
