package io.mlplab.training;

/**
 * How a run ended and the last values it reached.
 *
 * @param stop            why the run ended
 * @param epochsCompleted epochs whose updates were all applied
 * @param trainLoss       mean loss of the final model on the training set (NaN if it diverged)
 * @param testLoss        mean loss of the final model on the test set
 * @param trainAccuracy   accuracy of the final model on the training set
 * @param testAccuracy    accuracy of the final model on the test set
 * @param failedEpoch     the epoch whose loss was not finite, or -1
 */
public record TrainingResult(Stop stop, int epochsCompleted, double trainLoss, double testLoss,
                             double trainAccuracy, double testAccuracy, int failedEpoch) {

    /** Why a run ended. */
    public enum Stop {
        /** Every epoch ran. */
        COMPLETED,
        /** {@link TrainingControl#shouldStop()} answered true. */
        STOPPED,
        /** The training loss became NaN or infinite. */
        DIVERGED,
        /** The monitored loss stopped improving ({@link Experiment.EarlyStopping}). */
        EARLY_STOPPED,
        /** An epoch's training loss reached {@link Experiment.Training#stopAtLoss()}. */
        TARGET_REACHED
    }
}
