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
 * @param failedEpoch     the first epoch where a NaN or infinity appeared (in the loss, an activation or a
 *                        gradient), or -1
 * @param failedLayer     the weight layer (0 = first hidden) where it appeared first in computation order,
 *                        or -1
 * @param diagnostics     the diagnostics' conclusions, or null when diagnostics were off
 */
public record TrainingResult(Stop stop, int epochsCompleted, double trainLoss, double testLoss,
                             double trainAccuracy, double testAccuracy, int failedEpoch, int failedLayer,
                             DiagnosticsSummary diagnostics) {

    /** A result without a failed layer or diagnostics. */
    public TrainingResult(Stop stop, int epochsCompleted, double trainLoss, double testLoss,
                          double trainAccuracy, double testAccuracy, int failedEpoch) {
        this(stop, epochsCompleted, trainLoss, testLoss, trainAccuracy, testAccuracy, failedEpoch, -1, null);
    }

    /** Why a run ended. */
    public enum Stop {
        /** Every epoch ran. */
        COMPLETED,
        /** {@link TrainingControl#shouldStop()} answered true. */
        STOPPED,
        /** A NaN or infinity appeared in the loss, an activation or a gradient. */
        DIVERGED,
        /** The monitored loss stopped improving ({@link Experiment.EarlyStopping}). */
        EARLY_STOPPED,
        /** An epoch's training loss reached {@link Experiment.Training#stopAtLoss()}. */
        TARGET_REACHED
    }
}
