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

    @Test
    void oneUnshuffledBatchOfTheWholeTrainingSetIsFullBatchTrainingBitForBit() {
        RecordingListener full = new RecordingListener(100);
        RecordingListener batched = new RecordingListener(100);
        new Trainer(spec(Experiments.loop(100))).run(full, TrainingControl.NEVER);
        new Trainer(spec(Experiments.loop(100).batches(400, false))).run(batched, TrainingControl.NEVER);
        assertThat(batched.losses()).containsExactly(full.losses());
        assertThat(batched.evalTestLoss).containsExactly(full.evalTestLoss);
    }

    @Test
    void shufflingChangesTheBatchesButNotTheFirstEpochsStartingPoint() {
        RecordingListener ordered = new RecordingListener(20);
        RecordingListener shuffled = new RecordingListener(20);
        new Trainer(spec(Experiments.loop(20).batches(64, false))).run(ordered, TrainingControl.NEVER);
        new Trainer(spec(Experiments.loop(20).batches(64, true))).run(shuffled, TrainingControl.NEVER);
        assertThat(shuffled.loss[19]).isNotEqualTo(ordered.loss[19]);
        assertThat(shuffled.evalTestLoss[0]).isNotEqualTo(ordered.evalTestLoss[0]);
    }

    @Test
    void stopsInsideAnEpochAtTheFirstCheckAfterTheControlSaysStop() {
        Trainer trainer = new Trainer(spec(Experiments.loop(10).batches(64, true)));    // 7 batches per epoch
        int[] asked = {0};
        // ask 1: before epoch 0; ask 2: before its first batch; ask 3: before that batch's first product
        TrainingResult result = trainer.run(TrainingListener.NONE, () -> ++asked[0] >= 3);
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.STOPPED);
        assertThat(result.epochsCompleted()).isZero();
        assertThat(asked[0]).isEqualTo(3);
        // a small job is evaluated on the weights it stopped with (here the initial ones)
        assertThat(result.trainLoss()).isFinite();
    }

    @Test
    void asksTheControlBeforeEveryBatchAndEveryProduct() {
        Trainer trainer = new Trainer(spec(Experiments.loop(2).batches(64, true)));    // 7 batches per epoch
        int[] asked = {0};
        trainer.run(TrainingListener.NONE, () -> {
            asked[0]++;
            return false;
        });
        // per epoch: 1 before it, and per batch 1 before it plus 5 products (2 forward, 3 backward: the first
        // layer computes no input gradient) of the spec's one hidden layer and output layer; then the
        // diagnostics' full-batch pass of epoch 0 (5 products) and the evaluations of epochs 0 and 1 (each a
        // forward pass of both sets, 2 × 2 products)
        assertThat(asked[0]).isEqualTo(2 * (1 + 7 * (1 + 5)) + 5 + 2 * 4);
    }

    @Test
    void earlyStoppingOnTheTrainingLossCountsEpochs() {
        // a minDelta no decrease can beat: epoch 0 sets the best, epochs 1..3 use up the patience
        RecordingListener listener = new RecordingListener(100);
        TrainingResult result = new Trainer(spec(Experiments.loop(100)
                .earlyStopping(Experiment.EarlyStopping.Monitor.TRAIN_LOSS, 3, 10.0))).run(listener, TrainingControl.NEVER);
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.EARLY_STOPPED);
        assertThat(result.epochsCompleted()).isEqualTo(4);
        assertThat(listener.epochs).isEqualTo(4);
        // evaluated at epoch 0 (evaluateEvery) and at the last epoch run, 3
        assertThat(listener.evaluations).isEqualTo(2);
        assertThat(listener.evalEpoch[1]).isEqualTo(3);
        assertThat(result.testLoss()).isEqualTo(listener.evalTestLoss[1]);
    }

    @Test
    void earlyStoppingOnTheTestLossCountsEvaluations() {
        RecordingListener listener = new RecordingListener(100);
        TrainingResult result = new Trainer(spec(Experiments.loop(100).evaluateEvery(5)
                .earlyStopping(Experiment.EarlyStopping.Monitor.TEST_LOSS, 2, 10.0))).run(listener, TrainingControl.NEVER);
        // evaluations at 0 (the best), 5 and 10 (no improvement): stops after epoch 10
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.EARLY_STOPPED);
        assertThat(result.epochsCompleted()).isEqualTo(11);
        assertThat(listener.evaluations).isEqualTo(3);
    }

    @Test
    void stopsOnceAnEpochsTrainingLossReachesTheTarget() {
        RecordingListener listener = new RecordingListener(1000);
        TrainingResult result = new Trainer(spec(Experiments.loop(1000).stopAtLoss(0.05)))
                .run(listener, TrainingControl.NEVER);
        int last = listener.epochs - 1;
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.TARGET_REACHED);
        assertThat(result.epochsCompleted()).isEqualTo(listener.epochs);
        assertThat(listener.loss[last]).isLessThanOrEqualTo(0.05);
        assertThat(listener.loss[last - 1]).isGreaterThan(0.05);
        assertThat(listener.evalEpoch[listener.evaluations - 1]).isEqualTo(last);
    }

    @Test
    void recordsTheScheduledRateOfEveryEpoch() {
        RecordingListener listener = new RecordingListener(30);
        new Trainer(spec(Experiments.loop(30).schedule(lr -> new LearningRateSchedule.Step(lr, 10, 0.5))))
                .run(listener, TrainingControl.NEVER);
        assertThat(listener.learningRate[9]).isEqualTo(0.1);
        assertThat(listener.learningRate[10]).isEqualTo(0.05);
        assertThat(listener.learningRate[29]).isEqualTo(0.025);
    }

    @Test
    void diagnosesMiniBatchEpochsFromAFullBatchPassOnTheWeightsTheEpochStartsFrom() {
        double[] full = firstLayerGradNorms(Experiments.loop(1));
        double[] batched = firstLayerGradNorms(Experiments.loop(21).batches(64, true));
        // epoch 0 starts from the same weights either way
        assertThat(batched[0]).isEqualTo(full[0]);
        assertThat(batched[1]).isPositive().isNotEqualTo(batched[0]);
        assertThat(batched[2]).isPositive();
    }

    @Test
    void reportsTheEpochAndLayerWhereAMiniBatchDiverged() {
        RecordingListener listener = new RecordingListener(1000);
        TrainingResult result = new Trainer(Experiments.onSeedData(new Experiment.Model(List.of(16, 16),
                new Activation.Linear(), new Activation.Linear(), new Initializer.Uniform(1.0)),
                Experiments.loop(1000).optimizer(Optimizer.Sgd.DEFAULTS, 1.0).batches(32, true).build()))
                .run(listener, TrainingControl.NEVER);
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.DIVERGED);
        assertThat(result.failedEpoch()).isEqualTo(listener.epochs - 1).isEqualTo(result.epochsCompleted());
        assertThat(result.failedLayer()).isBetween(0, 2);
    }

    /** The first layer's weight-gradient norm at each diagnostic epoch (every 10). */
    private static double[] firstLayerGradNorms(Experiments.Loop training) {
        double[] norms = new double[3];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(int epoch, double trainLoss, double learningRate) {
            }

            @Override
            public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                     double testAccuracy) {
            }

            @Override
            public void onDiagnostics(int epoch, LayerStats[] layers) {
                norms[epoch / 10] = layers[0].weightGradNorm();
            }
        };
        new Trainer(spec(training)).run(listener, TrainingControl.NEVER);
        return norms;
    }

    /** A [16] ReLU network with He initialization on the seed's data, with this loop. */
    private static Experiment spec(Experiments.Loop training) {
        return Experiments.onSeedData(new Experiment.Model(List.of(16), new Activation.Relu(), new Activation.Relu(),
                new Initializer.HeUniform()), training.build());
    }
}
