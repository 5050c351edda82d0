package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.data.Blobs;
import io.mlplab.data.Dataset;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.data.GaussianBlobs;
import io.mlplab.data.NumpyRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code backward} against central finite differences of the loss: MSE for every hidden × output
 * activation, and each loss with every hidden activation (binary and multi-class data).
 */
class GradientCheckTests {

    static final List<String> ACTIVATIONS = List.of("sigmoid", "relu", "tanh", "leaky_relu", "gelu", "linear",
            "gelu_tanh", "elu", "silu", "softplus");

    static Stream<Arguments> activationPairs() {
        return ACTIVATIONS.stream().flatMap(hidden -> ACTIVATIONS.stream().map(out -> Arguments.of(hidden, out)));
    }

    /** Each loss with its output activation, on two classes and on four. */
    static Stream<Arguments> lossesWithEveryHiddenActivation() {
        List<Arguments> cases = List.of(
                Arguments.of("bce", "sigmoid", 2),
                Arguments.of("cross_entropy", "linear", 2),
                Arguments.of("cross_entropy", "linear", 4),
                Arguments.of("mse", "sigmoid", 4),
                Arguments.of("mse", "softplus", 4));
        return cases.stream().flatMap(c -> ACTIVATIONS.stream()
                .map(hidden -> Arguments.of(c.get()[0], hidden, c.get()[1], c.get()[2])));
    }

    @ParameterizedTest(name = "hidden {0}, output {1}")
    @MethodSource("activationPairs")
    void backwardMatchesCentralDifferences(String hidden, String output) {
        Trainer trainer = new Trainer(Experiments.fromReference(Map.<String, Object>of(
                "samples", 40, "features", 3, "hiddenLayers", List.of(5, 4), "activation", hidden,
                "outputActivation", output, "epochs", 1)));
        assertGradientsMatch(trainer, hidden + " / " + output);
    }

    @ParameterizedTest(name = "{0}, hidden {1}, output {2}, {3} classes")
    @MethodSource("lossesWithEveryHiddenActivation")
    void lossGradientMatchesCentralDifferences(String loss, String hidden, String output, int classes) {
        DatasetGenerator data = classes == 2 ? new Blobs(40, 3, 2.0, 1.0) : new GaussianBlobs(48, 3, classes, 1.0, 1.0);
        Trainer trainer = new Trainer(new Experiment(42, new Experiment.Data(data, 0.2, true),
                new Experiment.Model(List.of(5, 4), Experiments.activation(hidden), Experiments.activation(output),
                        new Initializer.Uniform(0.01)),
                Experiments.loop(1).loss(Experiments.loss(loss)).build()));
        assertThat(trainer.network().size(trainer.network().layers())).isEqualTo(loss.equals("bce") ? 1 : classes);
        assertGradientsMatch(trainer, loss + ", " + hidden + " / " + output);
    }

    static void assertGradientsMatch(Trainer trainer, String what) {
        randomizeParameters(trainer.network(), new NumpyRandom(7));
        Dataset train = trainer.split().train();

        trainer.lossAndGradients(train);
        DMatrixRMaj[] params = trainer.network().parameters();
        DMatrixRMaj[] analytic = new DMatrixRMaj[params.length];
        for (int j = 0; j < params.length; j++) {
            analytic[j] = trainer.gradients()[j].copy();
        }

        double h = 1e-6;
        for (int j = 0; j < params.length; j++) {
            DMatrixRMaj numeric = new DMatrixRMaj(params[j].numRows, params[j].numCols);
            for (int i = 0; i < params[j].getNumElements(); i++) {
                double saved = params[j].data[i];
                params[j].data[i] = saved + h;
                double plus = trainer.loss(train);
                params[j].data[i] = saved - h;
                double minus = trainer.loss(train);
                params[j].data[i] = saved;
                numeric.data[i] = (plus - minus) / (2 * h);
            }
            assertThat(relativeError(analytic[j], numeric))
                    .as("parameter %d (%s), %s", j, j % 2 == 0 ? "W" : "b", what)
                    .isLessThan(1e-6);
        }
    }

    /** Gaussian weights and biases, so units sit on both sides of every kink and saturate nowhere. */
    static void randomizeParameters(Network net, NumpyRandom random) {
        for (DMatrixRMaj p : net.parameters()) {
            random.fillGaussian(p);
            for (int i = 0; i < p.getNumElements(); i++) {
                p.data[i] *= 0.7;
            }
        }
    }

    /** ‖a - n‖ / (‖a‖ + ‖n‖): scale-free, and defined when both are tiny. */
    static double relativeError(DMatrixRMaj analytic, DMatrixRMaj numeric) {
        double diff = 0;
        double a = 0;
        double n = 0;
        for (int i = 0; i < analytic.getNumElements(); i++) {
            double d = analytic.data[i] - numeric.data[i];
            diff += d * d;
            a += analytic.data[i] * analytic.data[i];
            n += numeric.data[i] * numeric.data[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(a) + Math.sqrt(n), 1e-12);
    }
}
