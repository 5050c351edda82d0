package io.mlplab.training;

/**
 * Asked by the trainer at least once per epoch (and once per mini-batch) whether to stop. Must be cheap
 * and thread-safe: it is typically a volatile read set from another thread.
 */
@FunctionalInterface
public interface TrainingControl {

    boolean shouldStop();

    /** Never stops. */
    TrainingControl NEVER = () -> false;
}
