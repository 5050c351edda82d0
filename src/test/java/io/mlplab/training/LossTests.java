package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class LossTests {

    @Test
    void binaryCrossEntropyStaysFiniteForHugeLogits() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1000}, {-1000}, {1000}, {0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {1}, {0}, {1}});
        DMatrixRMaj dZ = new DMatrixRMaj(4, 1);
        double loss = new Loss.BinaryCrossEntropy().valueAndGradient(z, sigmoid(z), y, new Activation.Sigmoid(), dZ);
        // per sample: 0, 1000, 1000, log 2
        assertThat(loss).isCloseTo((2000 + Math.log(2)) / 4, within(1e-12));
        assertThat(dZ.data).containsExactly(0.0, -1.0, 1.0, -0.5);
    }

    @Test
    void crossEntropyStaysFiniteForHugeLogits() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{1000, 0, -1000}, {1000, 0, -1000}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0}, {2}});
        DMatrixRMaj dZ = new DMatrixRMaj(2, 3);
        double loss = new Loss.CrossEntropy().valueAndGradient(z, z, y, new Activation.Linear(), dZ);
        assertThat(loss).isEqualTo(1000.0);                    // (0 + 2000) / 2
        assertThat(dZ.data).containsExactly(0.0, 0.0, 0.0, 1.0, 0.0, -1.0);
    }

    @Test
    void crossEntropyIsTheNegativeLogOfTheSoftmax() {
        DMatrixRMaj z = new DMatrixRMaj(new double[][] {{0.5, -1.0, 2.0}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}});
        double sum = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(2.0);
        assertThat(new Loss.CrossEntropy().value(z, z, y)).isCloseTo(-Math.log(Math.exp(-1.0) / sum), within(1e-15));
    }

    @Test
    void saysWhichFieldToChangeForImpossibleCombinations() {
        assertThat(new Loss.BinaryCrossEntropy().check(new Activation.Relu(), 2)).get()
                .extracting(Experiment.Problem::field).isEqualTo("model.outputActivation");
        assertThat(new Loss.BinaryCrossEntropy().check(new Activation.Sigmoid(), 3)).get()
                .extracting(Experiment.Problem::field).isEqualTo("training.loss");
        assertThat(new Loss.CrossEntropy().check(new Activation.Sigmoid(), 2)).get()
                .extracting(Experiment.Problem::message).asString().contains("set model.outputActivation to linear");
        assertThat(new Loss.CrossEntropy().check(new Activation.Linear(), 1)).get()
                .extracting(Experiment.Problem::field).isEqualTo("training.loss");
        assertThat(new Loss.CrossEntropy().check(new Activation.Linear(), 2)).isEmpty();
        assertThat(new Loss.BinaryCrossEntropy().check(new Activation.Sigmoid(), 2)).isEmpty();
        assertThat(new Loss.MeanSquaredError().check(new Activation.Relu(), 5)).isEmpty();
    }

    private static DMatrixRMaj sigmoid(DMatrixRMaj z) {
        DMatrixRMaj a = new DMatrixRMaj(z.numRows, z.numCols);
        new Activation.Sigmoid().forward(z, a);
        return a;
    }
}
