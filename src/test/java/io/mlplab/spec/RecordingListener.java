package io.mlplab.spec;

import io.mlplab.training.TrainingListener;

import java.util.Arrays;

/** Records a run into preallocated primitive arrays (so it allocates nothing per epoch). */
final class RecordingListener implements TrainingListener {

    final double[] loss;
    final double[] learningRate;
    final int[] evalEpoch;
    final double[] evalTrainLoss;
    final double[] evalTestLoss;
    final double[] evalTrainAccuracy;
    final double[] evalTestAccuracy;
    int epochs;
    int evaluations;

    RecordingListener(int maxEpochs) {
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

    double[] losses() {
        return Arrays.copyOf(loss, epochs);
    }
}
