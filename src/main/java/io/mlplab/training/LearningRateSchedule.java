package io.mlplab.training;

/** The learning rate to use in each epoch. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate for {@code epoch} (0-based) of a run of {@code epochs}. */
    double learningRate(int epoch, int epochs);

    /** The seed's schedule: the same rate in every epoch. */
    static LearningRateSchedule constant(double learningRate) {
        return (epoch, epochs) -> learningRate;
    }
}
