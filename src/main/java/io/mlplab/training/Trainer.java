package io.mlplab.training;

import io.mlplab.data.Dataset;
import io.mlplab.data.NumpyRandom;
import io.mlplab.data.PreparedData;
import io.mlplab.data.Split;
import io.mlplab.data.StandardScaler;
import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import org.ejml.data.DMatrixRMaj;

/**
 * Trains one {@link Experiment}: builds the data and the {@link Network} in its constructor, then runs the
 * epoch loop without allocating. One trainer per job thread; not thread-safe.
 *
 * <p>Shapes: the training set {@code x (nTrain, in)}, {@code y (nTrain, 1)}; a batch {@code x (n, in)},
 * {@code y (n, 1)}, gathered in the epoch's order unless it is the whole training set in order; the
 * network's shapes are in {@link Network} and its layers.
 *
 * <p>The job's random stream, in order: the dataset (with its label noise, {@link PreparedData}), then the
 * weights layer by layer (each
 * {@link Initializer} documents its draws), then, for shuffled mini-batches only, one
 * {@code permutation(nTrain)} at the start of every epoch, and, with dropout, in every training pass each
 * dropout layer's mask in list order ({@code rand(rows, width)}, after the epoch's permutation). The split
 * uses a stream of its own.
 */
public final class Trainer {

    private final Experiment.Training config;
    private final Split split;
    /** Fitted on every sample before the split; the identity when the job does not standardize. */
    private final StandardScaler.Fit scaler;
    private final Experiment.Model model;
    /** The kernels, on the caller's thread only, for the kept model's forward passes. */
    private final Compute inferenceCompute;
    private final Network net;
    private final Products products;
    /** Null when products stay on the job's own thread. */
    private final SpareCores cores;
    private final Optimizer optimizer;
    /** Null when diagnostics are off, so they cost nothing. */
    private final Diagnostics diagnostics;
    /** The job's stream, left after the weights: draws each epoch's order. */
    private final NumpyRandom random;
    /** Rows per batch: the training set's size for full-batch training. */
    private final int batchSize;
    private final boolean shuffle;
    /** True when the one batch of an epoch is the training set itself, in its order (the seed's case). */
    private final boolean wholeSetBatch;
    /**
     * Whether an evaluation's forward pass of the training set is also the next epoch's training forward pass:
     * an epoch is one batch of the whole set in its order, and the network computes the same in both passes.
     */
    private final boolean evaluationServesTraining;
    /**
     * Set by an evaluation when {@link #evaluationServesTraining}: the network's buffers hold the forward pass
     * of the whole training set on the current weights, so the next epoch's pass starts from its backward.
     * Cleared by any other forward pass and by any use.
     */
    private boolean trainingForwardReady;
    /** {@code (nTrain)} the epoch's visiting order. */
    private final int[] order;
    /** The gathered batch {@code x (batch, in)}, {@code y (batch, 1)}; empty when unused. */
    private final Dataset batch;
    private final Experiment.EarlyStopping earlyStopping;
    /** NaN for none, so that {@code loss <= stopAtLoss} is never true. */
    private final double stopAtLoss;
    /** An evaluation forward pass over both sets costs about this many multiply-adds. */
    private final long evaluationWork;

    private double bestMonitored = Double.POSITIVE_INFINITY;
    private int checksWithoutImprovement;
    /** Set by an epoch that met a NaN or infinity: the weight layer where it appeared first, else -1. */
    private int failedLayer = -1;

    private double trainLoss = Double.NaN;
    private double testLoss = Double.NaN;
    private double trainAccuracy = Double.NaN;
    private double testAccuracy = Double.NaN;

    /**
     * Makes the data and the initial weights in the seed's order: one stream seeded with the job's seed
     * draws the dataset and then the weights, layer by layer; the split has a stream of its own. The
     * experiment is taken as valid: the spec compiler has checked its rules.
     */
    public Trainer(Experiment experiment) {
        this(experiment, Compute.DEFAULT);
    }

    /**
     * The same, computing with {@code compute}'s kernels and cores.
     */
    public Trainer(Experiment experiment, Compute compute) {
        config = experiment.training();
        random = new NumpyRandom(experiment.seed());
        PreparedData data = experiment.data().prepare(experiment.seed(), random, true);
        split = data.split();
        scaler = data.scaler();
        model = experiment.model();
        inferenceCompute = new Compute(compute.kernels(), compute.elementwise(), null);

        int nTrain = split.train().size();
        int maxRows = Math.max(nTrain, split.test().size());
        int inputs = split.train().x().numCols;
        int classes = split.train().classes();
        int outputs = config.loss().outputs(classes);
        products = new Products(compute);
        cores = compute.cores();
        net = new Network(experiment.model(), inputs, outputs, maxRows, products, random);
        net.initialize(experiment.model().initializer(), random);

        Experiment.MiniBatches batches = config.batches();
        batchSize = batches == null ? nTrain : Math.min(batches.size(), nTrain);
        shuffle = batches != null && batches.shuffle();
        wholeSetBatch = batchSize == nTrain && !shuffle;
        evaluationServesTraining = wholeSetBatch && net.passesAgree();
        order = new int[nTrain];
        int gathered = wholeSetBatch ? 0 : batchSize;
        batch = new Dataset(new DMatrixRMaj(gathered, inputs), new DMatrixRMaj(gathered, 1), classes);
        earlyStopping = config.earlyStopping();
        stopAtLoss = config.stopAtLoss() == null ? Double.NaN : config.stopAtLoss();
        optimizer = config.optimizer().create(net.parameters());
        diagnostics = experiment.diagnostics().enabled()
                ? new Diagnostics(experiment.diagnostics(), net, maxRows, config.epochs()) : null;
        evaluationWork = (long) (nTrain + split.test().size())
                * experiment.model().parameterCount(inputs, outputs);
    }

    /** The network being trained (live). */
    public Network network() {
        return net;
    }

    /** The training and test sets. */
    public Split split() {
        return split;
    }

    /** The scaler the network's inputs went through: the raw features map to {@code (x - mean) / scale}. */
    public StandardScaler.Fit scaler() {
        return scaler;
    }

    /**
     * A copy of the network as it is now (after {@link #run}: its final weights), independent of this trainer
     * and safe to use from any thread.
     */
    public Network.Snapshot snapshot() {
        return net.snapshot(model, inferenceCompute);
    }

    /**
     * Runs every epoch, or until {@code control} says stop, the loss stops being finite or a stopping
     * rule ends the run. Each epoch visits the training set in batches ({@link Experiment.MiniBatches};
     * full-batch training, the seed's, is one batch of every row in order): per batch forward, loss,
     * backward and one optimizer step. The listener hears the epoch's loss after its last batch. A NaN or
     * infinity in a loss or gradient ends the run as diverged, before that update. Diagnostics, when due,
     * read the full-batch pass before the epoch's update(s) (with mini-batches, an extra full-batch pass
     * on the weights the epoch starts from) and the change the epoch made to the weights. Then an
     * evaluation of both sets every {@code evaluateEvery} epochs and after the last, and the listener's
     * {@linkplain TrainingListener#onEpochEnd end of the epoch}. Stopping rules are
     * checked at the end of an epoch, after its updates and evaluation: the run ends when the epoch's loss
     * is at most {@code stopAtLoss} or when early stopping's patience runs out; the final model is then
     * evaluated (and reported to the listener) if that epoch had no evaluation.
     *
     * <p>The control is asked before every epoch, every batch and every matrix product (between row
     * blocks of large ones), so a stop takes effect within a bounded amount of work. A stopped run keeps
     * the weights of its last complete update and is evaluated on them when that is cheap, else it
     * reports its last evaluation.
     */
    public TrainingResult run(TrainingListener listener, TrainingControl control) {
        if (cores == null) {
            return train(listener, control);
        }
        cores.jobStarted();
        try {
            return train(listener, control);
        } finally {
            cores.jobEnded();
        }
    }

    private TrainingResult train(TrainingListener listener, TrainingControl control) {
        products.watch(control);
        int epochs = config.epochs();
        int epoch = 0;
        try {
            for (; epoch < epochs; epoch++) {
                if (control.shouldStop()) {
                    return stopped(epoch);
                }
                double rate = config.schedule().learningRate(epoch, epochs);
                boolean diagnose = diagnostics != null && diagnostics.isDue(epoch);
                double loss = epoch(rate, diagnose ? epoch : -1, control);
                listener.onEpoch(epoch, loss, rate);
                if (failedLayer >= 0) {
                    trainLoss = loss;
                    return result(TrainingResult.Stop.DIVERGED, epoch, epoch, failedLayer);
                }
                recordDiagnostics(epoch, loss, diagnose, listener);
                boolean evaluated = epoch % config.evaluateEvery() == 0 || epoch == epochs - 1;
                if (evaluated) {
                    evaluate(epoch, listener);
                }
                listener.onEpochEnd(epoch);
                TrainingResult.Stop stop = stopRule(loss, evaluated);
                if (stop != null) {
                    if (!evaluated) {
                        evaluate(epoch, listener);
                    }
                    return result(stop, epoch + 1, -1, -1);
                }
            }
        } catch (Products.Stopped stopped) {
            return stopped(epoch);
        } finally {
            trainingForwardReady = false;
        }
        if (epochs == 0) {
            evaluate();
        }
        return result(TrainingResult.Stop.COMPLETED, epochs, -1, -1);
    }

    private void recordDiagnostics(int epoch, double loss, boolean measured, TrainingListener listener) {
        if (diagnostics == null) {
            return;
        }
        diagnostics.onLoss(epoch, loss);
        if (measured) {
            diagnostics.afterUpdate();
            listener.onDiagnostics(epoch, diagnostics.stats());
        }
    }

    private void evaluate(int epoch, TrainingListener listener) {
        evaluate();
        listener.onEvaluation(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy);
    }

    /**
     * One epoch in batches of {@link #batchSize} rows in the epoch's order: returns the epoch's training
     * loss, {@code Σ_b n_b·loss_b / nTrain} (the one batch's own loss for full-batch training). A batch
     * whose loss or gradients hold a NaN or infinity ends the epoch before its update, sets
     * {@link #failedLayer} and returns the mean loss over the samples visited so far, that batch included.
     *
     * @param diagnosticEpoch the epoch, when diagnostics are due; else -1
     */
    private double epoch(double learningRate, int diagnosticEpoch, TrainingControl control) {
        Dataset train = split.train();
        int n = train.size();
        if (diagnosticEpoch >= 0 && !wholeSetBatch) {
            // the diagnostics read a full-batch pass: one extra forward and backward of the training set on
            // the weights this epoch starts from, which updates nothing: an evaluation pass (no dropout masks
            // drawn, no running statistics changed), so the run trains the same with diagnostics on or off
            lossAndGradients(train, false);
            diagnostics.measure(diagnosticEpoch);
        }
        if (!wholeSetBatch) {
            // order = permutation(n): numpy fills 0..n-1 and shuffles it, so the draws are the same
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (shuffle) {
                random.shuffle(order);
            }
        }
        double sum = 0;
        for (int start = 0; start < n; start += batchSize) {
            if (control.shouldStop()) {
                throw Products.Stopped.INSTANCE;
            }
            int rows = Math.min(batchSize, n - start);
            Dataset pass = wholeSetBatch ? train : gather(train, start, rows);
            double loss = lossAndGradients(pass);
            if (wholeSetBatch) {
                sum = loss;
            } else {
                sum += rows * loss;
            }
            failedLayer = Double.isFinite(loss) ? net.firstNonFiniteGradientLayer() : net.firstNonFiniteForwardLayer();
            if (failedLayer >= 0) {
                return wholeSetBatch ? loss : sum / (start + rows);
            }
            if (diagnosticEpoch >= 0 && wholeSetBatch) {
                diagnostics.measure(diagnosticEpoch);
            }
            optimizer.step(net.parameters(), net.gradients(), learningRate);
        }
        return wholeSetBatch ? sum : sum / n;
    }

    /** {@code x[r, :] = train.x[order[start + r], :] ; y[r] = train.y[order[start + r]]} into the batch. */
    private Dataset gather(Dataset train, int start, int rows) {
        int cols = train.x().numCols;
        batch.x().reshape(rows, cols);
        batch.y().reshape(rows, 1);
        for (int r = 0; r < rows; r++) {
            int i = order[start + r];
            System.arraycopy(train.x().data, i * cols, batch.x().data, r * cols, cols);
            batch.y().data[r] = train.y().data[i];
        }
        return batch;
    }

    /** The stopping rule this epoch triggers, or null. */
    private TrainingResult.Stop stopRule(double loss, boolean evaluated) {
        TrainingResult.Stop stop = null;
        if (earlyStopping != null) {
            boolean onTest = earlyStopping.monitor() == Experiment.EarlyStopping.Monitor.TEST_LOSS;
            if (onTest ? evaluated && patienceRunsOut(testLoss) : patienceRunsOut(loss)) {
                stop = TrainingResult.Stop.EARLY_STOPPED;
            }
        }
        if (loss <= stopAtLoss) {
            stop = TrainingResult.Stop.TARGET_REACHED;
        }
        return stop;
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
     * A run the control stopped after {@code epochsCompleted} full epochs. The weights are those of the
     * last complete update (a stop never interrupts an optimizer step). They are evaluated when that is
     * cheap (so a cancelled small job reports its final state); a large job reports its last evaluation
     * instead, so that a cancel still takes effect within a bounded amount of work.
     */
    private TrainingResult stopped(int epochsCompleted) {
        products.watch(TrainingControl.NEVER);
        if (evaluationWork <= CHEAP_EVALUATION) {
            evaluate();
        }
        return result(TrainingResult.Stop.STOPPED, epochsCompleted, -1, -1);
    }

    /** Multiply-adds of an evaluation done after a stop: about 10 ms of work. */
    private static final long CHEAP_EVALUATION = 100_000_000L;

    /**
     * Forward and backward over {@code batch}: returns the mean loss and leaves the gradients of the
     * mean loss in the network ({@link #gradients()}).
     */
    double lossAndGradients(Dataset batch) {
        return lossAndGradients(batch, true);
    }

    /** The same, as a training pass or as an evaluation pass (dropout off, batch norm on its running statistics). */
    double lossAndGradients(Dataset batch, boolean training) {
        if (!(trainingForwardReady && training && batch == split.train())) {
            net.forward(batch.x(), training);
        }
        trainingForwardReady = false;
        LinearLayer out = net.outputLayer();
        double loss = config.loss().valueAndGradient(out.z, out.a, batch.y(), out.f, out.dZ);
        net.backward();
        return loss;
    }

    /** {@code [dW0, db0, …]} of the last {@link #lossAndGradients}, live. */
    DMatrixRMaj[] gradients() {
        return net.gradients();
    }

    /**
     * The mean loss of a training pass on {@code data}, without gradients (tests: with the network's dropout
     * frozen, a function of the parameters).
     */
    double trainingLoss(Dataset data) {
        trainingForwardReady = false;
        net.forward(data.x(), true);
        LinearLayer out = net.outputLayer();
        return config.loss().value(out.z, out.a, data.y());
    }

    /** The mean loss of the current weights on {@code data}, without gradients (an evaluation pass). */
    double loss(Dataset data) {
        trainingForwardReady = false;
        net.forward(data.x(), false);
        LinearLayer out = net.outputLayer();
        return config.loss().value(out.z, out.a, data.y());
    }

    /**
     * Evaluates the current weights on both sets into the "last values" fields: the test set first, so that
     * the training set's pass is the one left in the network's buffers, for the next epoch to start from
     * ({@link #trainingForwardReady}).
     */
    private void evaluate() {
        Dataset train = split.train();
        Dataset test = split.test();
        testLoss = loss(test);
        testAccuracy = accuracy(net.output(), test.y());
        trainLoss = loss(train);
        trainAccuracy = accuracy(net.output(), train.y());
        trainingForwardReady = evaluationServesTraining;
    }

    private TrainingResult result(TrainingResult.Stop stop, int epochsCompleted, int failedEpoch, int failedLayer) {
        return new TrainingResult(stop, epochsCompleted, trainLoss, testLoss, trainAccuracy, testAccuracy,
                failedEpoch, failedLayer, diagnostics == null ? null : diagnostics.summary());
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
