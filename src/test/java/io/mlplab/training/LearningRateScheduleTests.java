package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The closed forms at the points that define them; every epoch is compared with PyTorch in TorchGoldenTests. */
class LearningRateScheduleTests {

    @Test
    void stepDecaysEveryStepSizeEpochs() {
        LearningRateSchedule step = new LearningRateSchedule.Step(0.8, 3, 0.5);
        assertThat(rates(step, 7)).containsExactly(0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2);
    }

    @Test
    void exponentialMultipliesByGammaEveryEpoch() {
        assertThat(rates(new LearningRateSchedule.Exponential(1.0, 0.5), 4)).containsExactly(1.0, 0.5, 0.25, 0.125);
    }

    @Test
    void cosineStartsAtTheRateAndIsHalfwayAtHalfTheRun() {
        LearningRateSchedule cosine = new LearningRateSchedule.Cosine(0.1, 0.02);
        assertThat(cosine.learningRate(0, 100)).isEqualTo(0.1);
        assertThat(cosine.learningRate(50, 100)).isCloseTo(0.06, within(1e-16));
        assertThat(cosine.learningRate(99, 100)).isGreaterThan(0.02).isLessThan(0.0201);
    }

    @Test
    void warmupClimbsInEqualStepsToTheRateWhereTheCosineStarts() {
        LearningRateSchedule warmup = new LearningRateSchedule.WarmupCosine(0.4, 3, 0.0);
        double[] rates = rates(warmup, 10);
        assertThat(rates[0]).isEqualTo(0.1);
        assertThat(rates[1]).isEqualTo(0.2);
        assertThat(rates[2]).isCloseTo(0.3, within(1e-16));
        assertThat(rates[3]).isEqualTo(0.4);
        // then the cosine over the remaining 7 epochs
        assertThat(rates[4]).isEqualTo(new LearningRateSchedule.Cosine(0.4, 0.0).learningRate(1, 7));
        assertThat(new LearningRateSchedule.WarmupCosine(0.4, 0, 0.0).learningRate(5, 10))
                .isEqualTo(new LearningRateSchedule.Cosine(0.4, 0.0).learningRate(5, 10));
    }

    @Test
    void oneCycleRisesFromMaxOver25ToMaxThenFallsTowardsItsTenThousandth() {
        LearningRateSchedule oneCycle = new LearningRateSchedule.OneCycle(1.0);
        double[] rates = rates(oneCycle, 100);
        assertThat(rates[0]).isCloseTo(0.04, within(1e-16));
        assertThat(rates[29]).isEqualTo(1.0);                  // pct_start·100 - 1
        assertThat(rates[99]).isCloseTo(0.04 / 1e4, within(1e-19));
    }

    @Test
    void oneCycleTreatsAPhaseOfZeroLengthAsFinishedWherePyTorchWouldDivideByZero() {
        assertThat(new LearningRateSchedule.OneCycle(1.0, 0.1, 25, 1e4).learningRate(0, 10)).isEqualTo(1.0);
        assertThat(new LearningRateSchedule.OneCycle(1.0).learningRate(0, 1)).isCloseTo(4e-6, within(1e-21));
    }

    @Test
    void rejectsNegativeRatesAndEmptySteps() {
        assertThatThrownBy(() -> new LearningRateSchedule.Constant(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRateSchedule.Step(0.1, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRateSchedule.OneCycle(0.1, 1.0, 25, 1e4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] rates(LearningRateSchedule schedule, int epochs) {
        double[] rates = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            rates[epoch] = schedule.learningRate(epoch, epochs);
        }
        return rates;
    }
}
