package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTests {

    @Test
    void stopsWhenTheControlSaysSoAndReportsTheLastValues() {
        Trainer trainer = new Trainer(Experiments.seed(List.of(16), "relu"));
        RecordingListener listener = new RecordingListener(1000);
        TrainingControl afterTwelveEpochs = () -> listener.epochs >= 12;

        TrainingResult result = trainer.run(listener, afterTwelveEpochs);

        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.STOPPED);
        assertThat(result.epochsCompleted()).isEqualTo(12);
        assertThat(listener.epochs).isEqualTo(12);
        assertThat(result.trainLoss()).isFinite().isLessThan(listener.loss[0]);
        assertThat(result.failedEpoch()).isEqualTo(-1);
    }

    @Test
    void reportsDivergenceAtTheFirstEpochWhoseLossIsNotFinite() {
        Trainer trainer = new Trainer(Experiments.fromReference(Map.<String, Object>of(
                "hiddenLayers", List.of(16, 16), "activation", "linear", "scale", 1.0, "learningRate", 5.0)));
        RecordingListener listener = new RecordingListener(1000);

        TrainingResult result = trainer.run(listener, TrainingControl.NEVER);

        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.DIVERGED);
        int failed = result.failedEpoch();
        assertThat(failed).isPositive().isEqualTo(result.epochsCompleted());
        assertThat(listener.loss[failed]).isNotFinite();
        for (int epoch = 0; epoch < failed; epoch++) {
            assertThat(listener.loss[epoch]).isFinite();
        }
    }

    @Test
    void sameExperimentGivesTheSameNumbersBitForBit() {
        RecordingListener first = new RecordingListener(1000);
        RecordingListener second = new RecordingListener(1000);
        new Trainer(Experiments.seed(List.of(16, 32), "tanh")).run(first, TrainingControl.NEVER);
        new Trainer(Experiments.seed(List.of(16, 32), "tanh")).run(second, TrainingControl.NEVER);
        assertThat(first.losses()).containsExactly(second.losses());
    }

    @Test
    void evaluatesEveryTenEpochsAndAfterTheLast() {
        RecordingListener listener = new RecordingListener(1000);
        TrainingResult result = new Trainer(Experiments.seed(List.of(), "sigmoid")).run(listener, TrainingControl.NEVER);
        assertThat(listener.evaluations).isEqualTo(101);
        assertThat(listener.evalEpoch[0]).isZero();
        assertThat(listener.evalEpoch[99]).isEqualTo(990);
        assertThat(listener.evalEpoch[100]).isEqualTo(999);
        // the last evaluation is the final model, which is also the result
        assertThat(result.testAccuracy()).isEqualTo(listener.evalTestAccuracy[100]);
        assertThat(result.trainLoss()).isEqualTo(listener.evalTrainLoss[100]);
    }

    @Test
    void countsParameters() {
        Experiment.Model model = Experiments.seed(List.of(16, 32), "relu").model();
        assertThat(model.parameterCount(8, 1)).isEqualTo(8 * 16 + 16 + 16 * 32 + 32 + 32 + 1);
    }
}
