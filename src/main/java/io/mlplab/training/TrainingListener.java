package io.mlplab.training;

/**
 * Receives a run's numbers as they are produced. Arguments are primitives so that recording them needs
 * no allocation per epoch; implementations should keep it that way (write into preallocated arrays).
 */
public interface TrainingListener {

    /**
     * After the forward pass of {@code epoch} and before its update: the mean training loss of that
     * forward pass (what the seed prints as "Epoch: e, loss …") and the learning rate of the update. With
     * mini-batches, after the epoch's last batch: the sample-weighted mean of the batch losses, each
     * computed before its batch's update, and the rate every batch of the epoch used.
     */
    void onEpoch(int epoch, double trainLoss, double learningRate);

    /**
     * After the update(s) of {@code epoch}: the model evaluated on the training and the test set. Also
     * after the last epoch a stopping rule ran, if it was not an evaluation epoch.
     */
    void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy);

    /**
     * After the update of a diagnostic epoch: one {@link LayerStats} per weight layer, first hidden layer
     * first. The objects are reused for the next diagnostic epoch: copy the numbers, don't keep them.
     */
    default void onDiagnostics(int epoch, LayerStats[] layers) {
    }

    /**
     * At the end of {@code epoch}, after its update(s), its diagnostics and its evaluation if due, whether or not a
     * stopping rule then ends the run; never for an epoch that diverged, nor for one a stop interrupted. The
     * network holds the weights of epochs {@code 0..epoch} until this returns: the one place to copy them during
     * a run ({@link Trainer#snapshot()}, on this thread).
     */
    default void onEpochEnd(int epoch) {
    }

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
