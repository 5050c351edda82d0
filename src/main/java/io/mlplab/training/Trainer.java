package io.mlplab.training;

import io.mlplab.data.Dataset;
import io.mlplab.data.NumpyRandom;
import io.mlplab.data.Split;
import io.mlplab.data.StandardScaler;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Trains one {@link Experiment}: builds the data and the network in its constructor, then runs the epoch
 * loop without allocating. One trainer per job thread; not thread-safe.
 *
 * <p>Shapes: {@code x (n, in)}, {@code y (n, 1)}; per layer {@code l}: {@code w[l] (in, out)},
 * {@code b[l] (1, out)}, {@code z[l], a[l], dA[l], dZ[l] (n, out)}, {@code dW[l] (in, out)},
 * {@code db[l] (1, out)}. {@code a[-1]} is {@code x}. With mini-batches {@code n} is the batch's rows
 * and {@code x}, {@code y} the gathered batch {@code xBatch (n, in)}, {@code yBatch (n, 1)}.
 *
 * <p>The job's random stream, in order: the dataset, then the weights layer by layer (each
 * {@link Initializer} documents its draws), then, for shuffled mini-batches only, one
 * {@code permutation(nTrain)} at the start of every epoch. The split uses a stream of its own.
 */
public final class Trainer {

    private final Experiment.Training config;
    private final Split split;
    private final Network net;
    private final Workspace ws;
    private final Optimizer optimizer;
    /** Null when diagnostics are off, so they cost nothing. */
    private final Diagnostics diagnostics;
    /** The job's stream, left after the weights: draws each epoch's order. */
    private final NumpyRandom random;
    /** {@code (nTrain)} the epoch's visiting order; null for full-batch training. */
    private final int[] order;
    /** The gathered mini-batch, over the workspace's {@code xBatch} and {@code yBatch}. */
    private final Dataset batch;
    private final Experiment.MiniBatches batches;
    private final Experiment.EarlyStopping earlyStopping;
    /** NaN for none, so that {@code loss <= stopAtLoss} is never true. */
    private final double stopAtLoss;

    private double bestMonitored = Double.POSITIVE_INFINITY;
    private int checksWithoutImprovement;
    /** Set by a mini-batch epoch that the control stopped. */
    private boolean interrupted;
    /** Set by a mini-batch epoch that met a NaN or infinity: the layer where it appeared first, else -1. */
    private int failedLayer = -1;

    private double trainLoss = Double.NaN;
    private double testLoss = Double.NaN;
    private double trainAccuracy = Double.NaN;
    private double testAccuracy = Double.NaN;

    /**
     * Makes the data and the initial weights in the seed's order: one stream seeded with the job's seed
     * draws the dataset and then the weights, layer by layer; the split has a stream of its own.
     *
     * @throws IllegalArgumentException if the experiment has {@linkplain Experiment#problems problems}
     */
    public Trainer(Experiment experiment) {
        config = experiment.training();
        random = new NumpyRandom(experiment.seed());
        Dataset data = experiment.data().generator().generate(random);
        List<Experiment.Problem> problems = experiment.problems(data.classes());
        if (!problems.isEmpty()) {
            Experiment.Problem first = problems.get(0);
            throw new IllegalArgumentException(first.field() + ": " + first.message());
        }
        if (experiment.data().standardize()) {
            StandardScaler.standardizeInPlace(data.x());
        }
        split = Split.trainTest(data, experiment.data().testFraction(), experiment.seed());

        Experiment.Model model = experiment.model();
        // interim: the layer list in the seed's shape (linear, activation pairs, one activation for all)
        List<LayerSpec> layers = model.layers();
        int[] sizes = new int[layers.size() / 2 + 2];
        Activation hidden = model.outputActivation();
        sizes[0] = data.x().numCols;
        for (int i = 0; i < layers.size(); i += 2) {
            sizes[i / 2 + 1] = ((LayerSpec.Linear) layers.get(i)).units();
            hidden = ((LayerSpec.Activate) layers.get(i + 1)).function();
        }
        sizes[sizes.length - 1] = config.loss().outputs(data.classes());
        net = new Network(sizes, hidden, model.outputActivation());
        net.initialize(model.initializer(), random);

        int nTrain = split.train().size();
        int maxRows = Math.max(nTrain, split.test().size());
        batches = config.batches();
        earlyStopping = config.earlyStopping();
        stopAtLoss = config.stopAtLoss() == null ? Double.NaN : config.stopAtLoss();
        int maxBatch = batches == null ? 0 : Math.min(batches.size(), nTrain);
        ws = new Workspace(net, maxRows, maxBatch);
        order = batches == null ? null : new int[nTrain];
        batch = new Dataset(ws.xBatch, ws.yBatch, data.classes());
        optimizer = config.optimizer().create(net.parameters());
        diagnostics = experiment.diagnostics().enabled()
                ? new Diagnostics(experiment.diagnostics(), net, ws, maxRows) : null;
    }

    /** The network being trained (live). */
    public Network network() {
        return net;
    }

    /** The training and test sets. */
    public Split split() {
        return split;
    }

    /**
     * Runs every epoch, or until {@code control} says stop, the loss stops being finite or a stopping
     * rule ends the run. Each epoch: full batch (the seed's), forward, loss, backward and one optimizer
     * step, the listener hearing the loss before the update; with mini-batches, the same per batch in the
     * epoch's order ({@link Experiment.MiniBatches}), the listener hearing the epoch's mean loss after the
     * last batch. A NaN or infinity in a loss or gradient ends the run as diverged, before that update.
     * Diagnostics, when due, read the full-batch pass before the epoch's update(s) (with mini-batches, an
     * extra full-batch pass on the weights the epoch starts from) and the change the epoch made to the
     * weights. Then an evaluation of both sets every {@code evaluateEvery} epochs and after the last.
     * Stopping rules are checked at the end of an epoch, after its updates and evaluation: the run ends
     * when the epoch's loss is at most {@code stopAtLoss} or when early stopping's patience runs out;
     * the final model is then evaluated (and reported to the listener) if that epoch had no evaluation.
     */
    public TrainingResult run(TrainingListener listener, TrainingControl control) {
        int epochs = config.epochs();
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (control.shouldStop()) {
                evaluate();
                return result(TrainingResult.Stop.STOPPED, epoch, -1, -1);
            }
            double learningRate = config.schedule().learningRate(epoch, epochs);
            boolean diagnose = diagnostics != null && diagnostics.isDue(epoch);
            double loss;
            if (batches == null) {
                loss = lossAndGradients(split.train());
                listener.onEpoch(epoch, loss, learningRate);
                if (!Double.isFinite(loss)) {
                    trainLoss = loss;
                    return result(TrainingResult.Stop.DIVERGED, epoch, epoch, firstNonFiniteForwardLayer());
                }
                int badGradient = firstNonFiniteGradientLayer();
                if (badGradient >= 0) {
                    trainLoss = loss;
                    return result(TrainingResult.Stop.DIVERGED, epoch, epoch, badGradient);
                }
                if (diagnose) {
                    diagnostics.measure(epoch);
                }
                optimizer.step(net.parameters(), ws.gradients, learningRate);
            } else {
                if (diagnose) {
                    // the diagnostics read a full-batch pass: one extra forward and backward of the training
                    // set on the weights this epoch starts from, which updates nothing
                    lossAndGradients(split.train());
                    diagnostics.measure(epoch);
                }
                loss = miniBatchEpoch(learningRate, control);
                if (interrupted) {
                    evaluate();
                    return result(TrainingResult.Stop.STOPPED, epoch, -1, -1);
                }
                listener.onEpoch(epoch, loss, learningRate);
                if (failedLayer >= 0) {
                    trainLoss = loss;
                    return result(TrainingResult.Stop.DIVERGED, epoch, epoch, failedLayer);
                }
            }
            if (diagnostics != null) {
                diagnostics.onLoss(epoch, loss);
            }
            if (diagnose) {
                diagnostics.afterUpdate();
                listener.onDiagnostics(epoch, diagnostics.stats());
            }

            TrainingResult.Stop stop = null;
            boolean evaluated = epoch % config.evaluateEvery() == 0 || epoch == epochs - 1;
            if (evaluated) {
                evaluate();
                listener.onEvaluation(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy);
                if (earlyStopping != null && earlyStopping.monitor() == Experiment.EarlyStopping.Monitor.TEST_LOSS
                        && patienceRunsOut(testLoss)) {
                    stop = TrainingResult.Stop.EARLY_STOPPED;
                }
            }
            if (earlyStopping != null && earlyStopping.monitor() == Experiment.EarlyStopping.Monitor.TRAIN_LOSS
                    && patienceRunsOut(loss)) {
                stop = TrainingResult.Stop.EARLY_STOPPED;
            }
            if (loss <= stopAtLoss) {
                stop = TrainingResult.Stop.TARGET_REACHED;
            }
            if (stop != null) {
                if (!evaluated) {
                    evaluate();
                    listener.onEvaluation(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy);
                }
                return result(stop, epoch + 1, -1, -1);
            }
        }
        if (epochs == 0) {
            evaluate();
        }
        return result(TrainingResult.Stop.COMPLETED, epochs, -1, -1);
    }

    /**
     * One epoch of mini-batches ({@link Experiment.MiniBatches}): returns {@code Σ_b n_b·loss_b / nTrain}.
     * Sets {@link #interrupted} when the control says stop before a batch. A batch whose loss or gradients
     * hold a NaN or infinity ends the epoch before its update, sets {@link #failedLayer} and returns the
     * mean loss over the samples visited so far, that batch included.
     */
    private double miniBatchEpoch(double learningRate, TrainingControl control) {
        Dataset train = split.train();
        int n = train.size();
        int cols = train.x().numCols;
        int size = batches.size();
        // order = permutation(n): numpy fills 0..n-1 and shuffles it, so the draws are the same
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (batches.shuffle()) {
            random.shuffle(order);
        }
        double sum = 0;
        for (int start = 0; start < n; start += size) {
            if (control.shouldStop()) {
                interrupted = true;
                return Double.NaN;
            }
            int rows = Math.min(size, n - start);
            // xBatch[r, :] = x[order[start + r], :] ; yBatch[r] = y[order[start + r]]  (reshape: no allocation)
            ws.xBatch.reshape(rows, cols);
            ws.yBatch.reshape(rows, 1);
            for (int r = 0; r < rows; r++) {
                int i = order[start + r];
                System.arraycopy(train.x().data, i * cols, ws.xBatch.data, r * cols, cols);
                ws.yBatch.data[r] = train.y().data[i];
            }
            double loss = lossAndGradients(batch);
            sum += rows * loss;
            failedLayer = Double.isFinite(loss) ? firstNonFiniteGradientLayer() : firstNonFiniteForwardLayer();
            if (failedLayer >= 0) {
                return sum / (start + rows);
            }
            optimizer.step(net.parameters(), ws.gradients, learningRate);
        }
        return sum / n;
    }

    /** One early-stopping check of {@code value}: true when it used up the last of the patience. */
    private boolean patienceRunsOut(double value) {
        if (value < bestMonitored - earlyStopping.minDelta()) {
            bestMonitored = value;
            checksWithoutImprovement = 0;
            return false;
        }
        checksWithoutImprovement++;
        return checksWithoutImprovement >= earlyStopping.patience();
    }

    /**
     * Forward and backward over {@code batch}: returns the mean loss and leaves the gradients of the
     * mean loss in the workspace ({@link #gradients()}).
     */
    double lossAndGradients(Dataset batch) {
        DMatrixRMaj x = batch.x();
        forward(x);
        int last = net.layers() - 1;
        double loss = config.loss().valueAndGradient(ws.z[last], ws.a[last], batch.y(), net.activation(last),
                ws.dZ[last]);
        backward(x);
        return loss;
    }

    /** {@code [dW0, db0, …]} of the last {@link #lossAndGradients}, live. */
    DMatrixRMaj[] gradients() {
        return ws.gradients;
    }

    /** The mean loss of the current weights on {@code data}, without gradients. */
    double loss(Dataset data) {
        forward(data.x());
        int last = net.layers() - 1;
        return config.loss().value(ws.z[last], ws.a[last], data.y());
    }

    private void forward(DMatrixRMaj x) {
        ws.resize(x.numRows);
        DMatrixRMaj input = x;
        for (int l = 0; l < net.layers(); l++) {
            // Z = A·W + b ; A = f(Z)
            CommonOps_DDRM.mult(input, net.weight(l), ws.z[l]);
            addRowToEveryRow(ws.z[l], net.bias(l));
            net.activation(l).forward(ws.z[l], ws.a[l]);
            input = ws.a[l];
        }
    }

    /** Expects {@code dZ[L-1]} from the loss; fills {@code dW}, {@code db} and the inner {@code dA}, {@code dZ}. */
    private void backward(DMatrixRMaj x) {
        double n = x.numRows;
        for (int l = net.layers() - 1; l >= 0; l--) {
            DMatrixRMaj input = l == 0 ? x : ws.a[l - 1];
            // dW = Aᵀ·dZ / n ; db = Σ_rows dZ / n   (divided, not scaled by 1/n, as the seed)
            CommonOps_DDRM.multTransA(input, ws.dZ[l], ws.dW[l]);
            CommonOps_DDRM.divide(ws.dW[l], n);
            CommonOps_DDRM.sumCols(ws.dZ[l], ws.db[l]);
            CommonOps_DDRM.divide(ws.db[l], n);
            if (l > 0) {
                // dA = dZ·Wᵀ ; dZ = dA ⊙ f'(Z), with the weights from before this step's update
                CommonOps_DDRM.multTransB(ws.dZ[l], net.weight(l), ws.dA[l - 1]);
                net.activation(l - 1).backward(ws.z[l - 1], ws.a[l - 1], ws.dA[l - 1], ws.dZ[l - 1]);
            }
        }
    }

    /** Evaluates the current weights on both sets into the "last values" fields. */
    private void evaluate() {
        Dataset train = split.train();
        Dataset test = split.test();
        trainLoss = loss(train);
        trainAccuracy = accuracy(ws.output(), train.y());
        testLoss = loss(test);
        testAccuracy = accuracy(ws.output(), test.y());
    }

    private TrainingResult result(TrainingResult.Stop stop, int epochsCompleted, int failedEpoch, int failedLayer) {
        return new TrainingResult(stop, epochsCompleted, trainLoss, testLoss, trainAccuracy, testAccuracy,
                failedEpoch, failedLayer, diagnostics == null ? null : diagnostics.summary());
    }

    /** The first layer, in forward order, whose pre-activations or activations hold a NaN or infinity. */
    private int firstNonFiniteForwardLayer() {
        for (int l = 0; l < net.layers(); l++) {
            if (!allFinite(ws.z[l]) || !allFinite(ws.a[l])) {
                return l;
            }
        }
        return net.layers() - 1;    // finite outputs, but the loss itself overflowed
    }

    /** The first layer, in backward (computation) order, whose gradients hold a NaN or infinity; or -1. */
    private int firstNonFiniteGradientLayer() {
        for (int l = net.layers() - 1; l >= 0; l--) {
            if (!allFinite(ws.dW[l]) || !allFinite(ws.db[l])) {
                return l;
            }
        }
        return -1;
    }

    private static boolean allFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }

    /** EJML has no broadcast of a row over a matrix: {@code z[i, :] += b} for every row. */
    private static void addRowToEveryRow(DMatrixRMaj z, DMatrixRMaj b) {
        int cols = z.numCols;
        for (int row = 0; row < z.numRows; row++) {
            int offset = row * cols;
            for (int col = 0; col < cols; col++) {
                z.data[offset + col] += b.data[col];
            }
        }
    }

    /**
     * The share of rows predicted right: output {@code > 0.5} against a 0/1 label for one output, the
     * arg-max against the class index for several.
     */
    static double accuracy(DMatrixRMaj out, DMatrixRMaj y) {
        int k = out.numCols;
        int correct = 0;
        for (int row = 0; row < out.numRows; row++) {
            int predicted;
            if (k == 1) {
                predicted = out.data[row] > 0.5 ? 1 : 0;
            } else {
                predicted = 0;
                for (int col = 1; col < k; col++) {
                    if (out.data[row * k + col] > out.data[row * k + predicted]) {
                        predicted = col;
                    }
                }
            }
            if (predicted == (int) y.data[row]) {
                correct++;
            }
        }
        return (double) correct / out.numRows;
    }
}
