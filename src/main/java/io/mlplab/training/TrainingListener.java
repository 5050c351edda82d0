package io.mlplab.training;

/**
 * Receives a run's numbers as they are produced. Arguments are primitives so that recording them needs
 * no allocation per epoch; implementations should keep it that way (write into preallocated arrays).
 */
public interface TrainingListener {

    /**
     * After the forward pass of {@code epoch} and before its update: the mean training loss of that
     * forward pass (what the seed prints as "Epoch: e, loss …") and the learning rate of the update.
     */
    void onEpoch(int epoch, double trainLoss, double learningRate);

    /**
     * After the update of {@code epoch}: the model evaluated on the training and the test set.
     */
    void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy);

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onEpoch(int epoch, double trainLoss, double learningRate) {
        }

        @Override
        public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                 double testAccuracy) {
        }
    };
}
