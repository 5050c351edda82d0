package io.mlplab.job;

import io.mlplab.training.TrainingListener;
import java.util.Arrays;

/**
 * Records a run into arrays sized once for the whole run, so the worker allocates nothing per epoch and a
 * finished job costs about 16 bytes per epoch and 36 per evaluation.
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
    private volatile int epochs;
    private volatile int evaluations;

    JobHistory(int maxEpochs, int evaluateEvery) {
        loss = new double[maxEpochs];
        learningRate = new double[maxEpochs];
        // epochs 0, k, 2k, … below maxEpochs, plus the last epoch
        int maxEvaluations = (maxEpochs + evaluateEvery - 1) / evaluateEvery + 1;
        evalEpoch = new int[maxEvaluations];
        evalTrainLoss = new double[maxEvaluations];
        evalTestLoss = new double[maxEvaluations];
        evalTrainAccuracy = new double[maxEvaluations];
        evalTestAccuracy = new double[maxEvaluations];
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

    /** Epochs whose loss has been recorded. */
    int epochs() {
        return epochs;
    }

    /** A copy of the rows recorded so far for epochs {@code >= from}. */
    History since(int from) {
        int trainRows = epochs;
        int evalRows = evaluations;
        int start = Math.min(Math.max(from, 0), trainRows);
        int[] trainEpoch = new int[trainRows - start];
        Arrays.setAll(trainEpoch, i -> start + i);
        int evalStart = 0;
        while (evalStart < evalRows && evalEpoch[evalStart] < from) {
            evalStart++;
        }
        return new History(
                new History.Train(trainEpoch, Arrays.copyOfRange(loss, start, trainRows),
                        Arrays.copyOfRange(learningRate, start, trainRows)),
                new History.Eval(Arrays.copyOfRange(evalEpoch, evalStart, evalRows),
                        Arrays.copyOfRange(evalTrainLoss, evalStart, evalRows),
                        Arrays.copyOfRange(evalTestLoss, evalStart, evalRows),
                        Arrays.copyOfRange(evalTrainAccuracy, evalStart, evalRows),
                        Arrays.copyOfRange(evalTestAccuracy, evalStart, evalRows)));
    }
}
