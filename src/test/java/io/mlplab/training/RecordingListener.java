package io.mlplab.training;

import java.util.Arrays;

/**
 * Records a run into preallocated primitive arrays (so it allocates nothing per epoch). Public for the
 * spec tests, which train compiled specs and compare them with the same goldens.
 */
public final class RecordingListener implements TrainingListener {

    public final double[] loss;
    public final double[] learningRate;
    public final int[] evalEpoch;
    public final double[] evalTrainLoss;
    public final double[] evalTestLoss;
    public final double[] evalTrainAccuracy;
    public final double[] evalTestAccuracy;
    public int epochs;
    public int evaluations;

    public RecordingListener(int maxEpochs) {
        loss = new double[maxEpochs];
        learningRate = new double[maxEpochs];
        evalEpoch = new int[maxEpochs];
        evalTrainLoss = new double[maxEpochs];
        evalTestLoss = new double[maxEpochs];
        evalTrainAccuracy = new double[maxEpochs];
        evalTestAccuracy = new double[maxEpochs];
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
        evalEpoch[evaluations] = epoch;
        evalTrainLoss[evaluations] = trainLoss;
        evalTestLoss[evaluations] = testLoss;
        evalTrainAccuracy[evaluations] = trainAccuracy;
        evalTestAccuracy[evaluations] = testAccuracy;
        evaluations++;
    }

    public double[] losses() {
        return Arrays.copyOf(loss, epochs);
    }
}
