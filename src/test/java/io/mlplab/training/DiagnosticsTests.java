package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-layer diagnostics against {@code tools/reference/diagnostics_reference.py} (numpy), and the
 * study's vanishing-gradient facts, which that program printed before they were asserted here.
 */
class DiagnosticsTests {

    static final String[] FIELDS = {"weightGradNorm", "biasGradNorm", "weightNorm", "updateRatio",
            "preActivationMean", "preActivationStd", "activationMean", "activationStd", "saturatedFraction",
            "deadFraction"};

    /** Records every diagnostic epoch's numbers as [layer][field][row]. */
    static final class DiagnosticsRecorder implements TrainingListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<List<double[]>> rows = new ArrayList<>();
        final List<Double> losses = new ArrayList<>();

        @Override
        public void onEpoch(int epoch, double trainLoss, double learningRate) {
            losses.add(trainLoss);
        }

        @Override
        public void onEvaluation(int epoch, double trainLoss, double testLoss, double trainAccuracy,
                                 double testAccuracy) {
        }

        @Override
        public void onDiagnostics(int epoch, LayerStats[] layers) {
            epochs.add(epoch);
            List<double[]> row = new ArrayList<>();
            for (LayerStats s : layers) {
                row.add(new double[] {s.weightGradNorm(), s.biasGradNorm(), s.weightNorm(), s.updateRatio(),
                        s.preActivationMean(), s.preActivationStd(), s.activationMean(), s.activationStd(),
                        s.saturatedFraction(), s.deadFraction()});
            }
            rows.add(row);
        }

        double gradNorm(int row, int layer) {
            return rows.get(row).get(layer)[0];
        }
    }

    static DiagnosticsRecorder run(String activation) {
        DiagnosticsRecorder recorder = new DiagnosticsRecorder();
        new Trainer(Experiments.seed(List.of(16, 32, 16), activation)).run(recorder, TrainingControl.NEVER);
        return recorder;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "relu"})
    void everyLayerStatisticMatchesTheNumpyReference(String activation) throws IOException {
        Map<String, Object> golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/diagnostics/" + activation + "-16-32-16.json")) {
            golden = JsonMapper.builder().build().readValue(in, Map.class);
        }
        List<Map<String, List<Number>>> layers = (List<Map<String, List<Number>>>) golden.get("layers");
        DiagnosticsRecorder recorded = run(activation);
        TrainingResult result = new Trainer(Experiments.seed(List.of(16, 32, 16), activation))
                .run(TrainingListener.NONE, TrainingControl.NEVER);

        assertThat(recorded.epochs).hasSize(layers.get(0).get("epoch").size());
        for (int layer = 0; layer < layers.size(); layer++) {
            for (int row = 0; row < recorded.epochs.size(); row++) {
                assertThat(recorded.epochs.get(row)).isEqualTo(layers.get(layer).get("epoch").get(row).intValue());
                for (int f = 0; f < FIELDS.length; f++) {
                    double expected = layers.get(layer).get(FIELDS[f]).get(row).doubleValue();
                    double actual = recorded.rows.get(row).get(layer)[f];
                    // relative, with a floor for means that are zero up to rounding
                    assertThat(Math.abs(actual - expected))
                            .as("layer %d %s at epoch %d: %s vs %s", layer, FIELDS[f], recorded.epochs.get(row),
                                    actual, expected)
                            .isLessThanOrEqualTo(1e-9 * Math.abs(expected) + 1e-15);
                }
            }
        }
        Map<String, Object> summary = (Map<String, Object>) golden.get("summary");
        assertThat(result.diagnostics().gradientVanishedEpoch()).isEqualTo(summary.get("gradientVanishedEpoch"));
        assertThat(result.diagnostics().plateauStart()).isEqualTo(summary.get("plateauStart"));
        assertThat(result.diagnostics().plateauEnd()).isEqualTo(summary.get("plateauEnd"));
    }

    /**
     * The plateau of each of the study's eight jobs, for the default thresholds and a second set, as
     * {@code tools/reference/diagnostics_reference.py} computes it from numpy's own losses (it writes
     * {@code golden/diagnostics/plateau.json}; rerun it to regenerate).
     */
    @SuppressWarnings("unchecked")
    @Test
    void theStudysPlateausMatchTheNumpyReferenceForEveryThreshold() throws IOException {
        Map<String, Object> golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/diagnostics/plateau.json")) {
            golden = JsonMapper.builder().build().readValue(in, Map.class);
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) golden.get("study");
        assertThat(rows).hasSize(16);
        for (Map<String, Object> row : rows) {
            Map<String, Number> d = (Map<String, Number>) row.get("diagnostics");
            DiagnosticsSettings settings = new DiagnosticsSettings(10, 0.01, d.get("plateauWindow").intValue(),
                    d.get("plateauMinImprovement").doubleValue(), d.get("plateauDropShare").doubleValue(), 1e-3);
            Experiment experiment = Experiments.seed((List<Integer>) row.get("hiddenLayers"),
                    (String) row.get("activation")).withDiagnostics(settings);
            DiagnosticsSummary summary = new Trainer(experiment).run(TrainingListener.NONE, TrainingControl.NEVER)
                    .diagnostics();
            assertThat(new int[] {summary.plateauStart(), summary.plateauEnd()})
                    .as("%s %s with %s", row.get("activation"), row.get("hiddenLayers"), d)
                    .containsExactly(((Number) row.get("plateauStart")).intValue(),
                            ((Number) row.get("plateauEnd")).intValue());
        }
    }

    /** The plateau the loss plot of relu [16,32,16] shows: at 0.2499 from about epoch 20 to about 650. */
    @Test
    void relusPlateauIsWhereItsLossSitsOnTheChanceLevel() {
        DiagnosticsRecorder relu = run("relu");
        DiagnosticsSummary summary = new Trainer(Experiments.seed(List.of(16, 32, 16), "relu"))
                .run(TrainingListener.NONE, TrainingControl.NEVER).diagnostics();
        assertThat(summary.plateauStart()).isBetween(0, 30);
        assertThat(summary.plateauEnd()).isBetween(600, 700);
        // on it, the loss is within 1% of 0.25 (the loss of answering 0.5 to everything) ...
        for (int epoch = 20; epoch < summary.plateauEnd() - 50; epoch++) {
            assertThat(relu.losses.get(epoch)).as("loss at %d", epoch).isBetween(0.2475, 0.2525);
        }
        // ... and 100 epochs after its end the loss has fallen by more than half
        assertThat(relu.losses.get(summary.plateauEnd() + 100)).isLessThan(0.125);
    }

    @Test
    void aRunShorterThanTheWindowHasNoPlateau() {
        DiagnosticsSettings settings = DiagnosticsSettings.DEFAULTS;
        double[] loss = new double[1000];
        java.util.Arrays.fill(loss, 0.25);
        assertThat(Diagnostics.plateau(loss, settings.plateauWindow(), settings)).isEqualTo(-1L);
        // a constant loss is flat from the start to the end
        assertThat(Diagnostics.plateau(loss, 1000, settings)).isEqualTo((0L << 32) | 0xFFFFFFFFL);
    }

    @Test
    void sigmoidsFirstLayerGradientStartsThreeOrdersBelowTheLastAndStaysNearOneMillionth() {
        DiagnosticsRecorder sigmoid = run("sigmoid");
        double ratio = sigmoid.gradNorm(0, 0) / sigmoid.gradNorm(0, 3);
        assertThat(ratio).isBetween(1e-4, 1e-2);
        // the output layer's gradient takes ~70 epochs to fall to the others' level (the reference shows it)
        for (int row = sigmoid.epochs.indexOf(100); row < sigmoid.rows.size(); row++) {
            for (int layer = 0; layer < 4; layer++) {
                assertThat(sigmoid.gradNorm(row, layer)).isBetween(1e-7, 1e-5);
            }
            // and the loss sits on its plateau
            assertThat(sigmoid.losses.get(sigmoid.epochs.get(row))).isBetween(0.2498, 0.2500);
        }
    }

    @Test
    void relusGradientsStayComparableAcrossLayersAndGrowAsTheLossBreaksThrough() {
        DiagnosticsRecorder relu = run("relu");
        double ratio = relu.gradNorm(0, 0) / relu.gradNorm(0, 3);
        assertThat(ratio).isBetween(0.1, 10.0);
        // the breakthrough: the loss falls from the 0.25 plateau; every layer's gradient grows by > 10x
        int before = relu.epochs.indexOf(300);
        int during = relu.epochs.indexOf(700);
        assertThat(relu.losses.get(300)).isGreaterThan(0.24);
        assertThat(relu.losses.get(700)).isLessThan(0.1);
        for (int layer = 0; layer < 4; layer++) {
            assertThat(relu.gradNorm(during, layer)).isGreaterThan(10 * relu.gradNorm(before, layer));
        }
    }

    @Test
    void offRecordsNothingAndSummarizesNothing() {
        DiagnosticsRecorder recorder = new DiagnosticsRecorder();
        TrainingResult result = new Trainer(Experiments.seed(List.of(16), "relu").withDiagnostics(DiagnosticsSettings.OFF))
                .run(recorder, TrainingControl.NEVER);
        assertThat(recorder.epochs).isEmpty();
        assertThat(result.diagnostics()).isNull();
    }

    @Test
    void divergenceNamesTheFirstEpochAndLayerWithANonFiniteValue() {
        Map<String, Object> settings = Map.of("hiddenLayers", List.of(16, 16), "activation", "linear",
                "scale", 1.0, "learningRate", 5.0);
        DiagnosticsRecorder recorder = new DiagnosticsRecorder();
        TrainingResult result = new Trainer(Experiments.fromReference(settings)).run(recorder, TrainingControl.NEVER);
        assertThat(result.stop()).isEqualTo(TrainingResult.Stop.DIVERGED);
        assertThat(result.failedLayer()).isBetween(0, 2);
        assertThat(result.failedEpoch()).isEqualTo(recorder.losses.size() - 1);
    }
}
