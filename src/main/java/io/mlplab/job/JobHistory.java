package io.mlplab.job;

import io.mlplab.training.LayerStats;
import io.mlplab.training.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records a run into arrays sized once for the whole run, so the worker allocates nothing per epoch and a
 * finished job costs about 16 bytes per epoch, 36 per evaluation and 84 per layer and diagnostic epoch.
 *
 * <p>One writer (the job's worker), any number of readers. The writer fills a row and then bumps a
 * volatile count; a reader reads the count first and then only rows below it, which the volatile write
 * has published. Rows are never written twice, so what a reader copies cannot change under it.
 */
final class JobHistory implements TrainingListener {

    private final double[] loss;          // (epochs)
    private final double[] learningRate;  // (epochs)
    private final int[] evalEpoch;        // (evaluations)
    private final double[] evalTrainLoss;
    private final double[] evalTestLoss;
    private final double[] evalTrainAccuracy;
    private final double[] evalTestAccuracy;
    private final int[] diagnosticEpoch;  // (diagnostic rows)
    private final double[][][] layerStats; // [layer][statistic][row], statistics in LayerHistory's order
    private volatile int epochs;
    private volatile int evaluations;
    private volatile int diagnostics;

    JobHistory(int maxEpochs, int evaluateEvery) {
        this(maxEpochs, evaluateEvery, 0, 0);
    }

    /**
     * @param layers          weight layers of the network (for diagnostics)
     * @param diagnosticEvery epochs between diagnostics; 0 when they are off
     */
    JobHistory(int maxEpochs, int evaluateEvery, int layers, int diagnosticEvery) {
        loss = new double[maxEpochs];
        learningRate = new double[maxEpochs];
        // epochs 0, k, 2k, … below maxEpochs, plus the last epoch
        int maxEvaluations = (maxEpochs + evaluateEvery - 1) / evaluateEvery + 1;
        evalEpoch = new int[maxEvaluations];
        evalTrainLoss = new double[maxEvaluations];
        evalTestLoss = new double[maxEvaluations];
        evalTrainAccuracy = new double[maxEvaluations];
        evalTestAccuracy = new double[maxEvaluations];
        // epochs 0, every, 2·every, … below maxEpochs
        int maxDiagnostics = diagnosticEvery == 0 ? 0 : (maxEpochs + diagnosticEvery - 1) / diagnosticEvery;
        diagnosticEpoch = new int[maxDiagnostics];
        layerStats = new double[diagnosticEvery == 0 ? 0 : layers][LayerHistory.STATISTICS][maxDiagnostics];
    }

    @Override
    public void onEpoch(int epoch, double trainLoss, double rate) {
        loss[epoch] = trainLoss;
        learningRate[epoch] = rate;
        epochs = epoch + 1;
    }

    @Override
    public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                             double testAccuracy) {
        int row = evaluations;
        evalEpoch[row] = epoch;
        evalTrainLoss[row] = trainLoss;
        evalTestLoss[row] = testLoss;
        evalTrainAccuracy[row] = trainAccuracy;
        evalTestAccuracy[row] = testAccuracy;
        evaluations = row + 1;
    }

    @Override
    public void onDiagnostics(int epoch, LayerStats[] layers) {
        int row = diagnostics;
        diagnosticEpoch[row] = epoch;
        for (int l = 0; l < layers.length; l++) {
            LayerStats s = layers[l];
            double[][] columns = layerStats[l];
            columns[0][row] = s.weightGradNorm();
            columns[1][row] = s.biasGradNorm();
            columns[2][row] = s.weightNorm();
            columns[3][row] = s.updateRatio();
            columns[4][row] = s.preActivationMean();
            columns[5][row] = s.preActivationStd();
            columns[6][row] = s.activationMean();
            columns[7][row] = s.activationStd();
            columns[8][row] = s.saturatedFraction();
            columns[9][row] = s.deadFraction();
        }
        diagnostics = row + 1;
    }

    /** Epochs whose loss has been recorded. */
    int epochs() {
        return epochs;
    }

    /** A copy of the rows recorded so far for epochs {@code >= from}. */
    History since(int from) {
        return between(from, Integer.MAX_VALUE);
    }

    /**
     * A copy of the rows recorded so far for epochs from {@code from} up to, not including, {@code to}. An
     * epoch's rows are complete once the next epoch's loss is recorded (or the run has ended), which is how
     * the event stream cuts the history into pieces that never split an epoch.
     */
    History between(int from, int to) {
        int trainRows = Math.min(epochs, Math.max(to, 0));
        int start = Math.min(Math.max(from, 0), trainRows);
        int[] trainEpoch = new int[trainRows - start];
        Arrays.setAll(trainEpoch, i -> start + i);
        int evalRows = evaluations;
        while (evalRows > 0 && evalEpoch[evalRows - 1] >= to) {
            evalRows--;
        }
        int evalStart = 0;
        while (evalStart < evalRows && evalEpoch[evalStart] < from) {
            evalStart++;
        }
        int diagnosticRows = diagnostics;
        while (diagnosticRows > 0 && diagnosticEpoch[diagnosticRows - 1] >= to) {
            diagnosticRows--;
        }
        int diagnosticStart = 0;
        while (diagnosticStart < diagnosticRows && diagnosticEpoch[diagnosticStart] < from) {
            diagnosticStart++;
        }
        List<LayerHistory> layers = new ArrayList<>(layerStats.length);
        for (double[][] columns : layerStats) {
            layers.add(LayerHistory.of(Arrays.copyOfRange(diagnosticEpoch, diagnosticStart, diagnosticRows),
                    columns, diagnosticStart, diagnosticRows));
        }
        return new History(
                new History.Train(trainEpoch, Arrays.copyOfRange(loss, start, trainRows),
                        Arrays.copyOfRange(learningRate, start, trainRows)),
                new History.Eval(Arrays.copyOfRange(evalEpoch, evalStart, evalRows),
                        Arrays.copyOfRange(evalTrainLoss, evalStart, evalRows),
                        Arrays.copyOfRange(evalTestLoss, evalStart, evalRows),
                        Arrays.copyOfRange(evalTrainAccuracy, evalStart, evalRows),
                        Arrays.copyOfRange(evalTestAccuracy, evalStart, evalRows)),
                layers);
    }
}
