package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** First steps by hand; every optimizer's whole trajectory is compared with PyTorch in TorchGoldenTests. */
class OptimizerTests {

    private final DMatrixRMaj[] params = {new DMatrixRMaj(new double[][] {{1.0, -2.0}})};
    private final DMatrixRMaj[] grads = {new DMatrixRMaj(new double[][] {{0.5, -0.25}})};

    @Test
    void plainSgdIsTheSeedsUpdateBitForBit() {
        new Optimizer.Sgd().create(params).step(params, grads, 0.1);
        assertThat(params[0].data).containsExactly(1.0 - 0.1 * 0.5, -2.0 - 0.1 * -0.25);
    }

    @Test
    void momentumStartsItsBufferAtTheFirstGradientAndKeepsStateOutsideTheRecord() {
        Optimizer.Sgd settings = new Optimizer.Sgd(0.9, 0.0, false, 0.0);
        Optimizer sgd = settings.create(params);
        sgd.step(params, grads, 0.1);
        sgd.step(params, grads, 0.1);
        // buf = g, then 0.9 g + g
        assertThat(params[0].data[0]).isCloseTo(1.0 - 0.1 * 0.5 - 0.1 * 1.9 * 0.5, within(1e-15));
        assertThatThrownBy(() -> settings.step(params, grads, 0.1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        assertThatThrownBy(() -> new Optimizer.Sgd(0.0, 0.0, true, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Optimizer.Sgd(0.9, 0.1, true, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adamFirstStepMovesEachParameterByTheLearningRate() {
        new Optimizer.Adam().create(params).step(params, grads, 0.01);
        assertThat(params[0].data[0]).isCloseTo(1.0 - 0.01, within(1e-9));
        assertThat(params[0].data[1]).isCloseTo(-2.0 + 0.01, within(1e-9));
    }

    @Test
    void adamWDecaysTheParameterItselfBeforeTheStep() {
        DMatrixRMaj[] zero = {new DMatrixRMaj(1, 2)};
        new Optimizer.AdamW().create(params).step(params, zero, 0.1);
        assertThat(params[0].data).containsExactly(1.0 * (1 - 0.1 * 0.01), -2.0 * (1 - 0.1 * 0.01));
    }

    @Test
    void rmsPropAndAdagradDivideByTheirRunningScale() {
        DMatrixRMaj[] p = {params[0].copy()};
        new Optimizer.RmsProp().create(p).step(p, grads, 0.01);
        // sqrt(0.01 g²) = 0.1 |g|
        assertThat(p[0].data[0]).isCloseTo(1.0 - 0.01 * 0.5 / (0.1 * 0.5 + 1e-8), within(1e-15));
        new Optimizer.Adagrad().create(params).step(params, grads, 0.01);
        assertThat(params[0].data[0]).isCloseTo(1.0 - 0.01, within(1e-9));
    }
}
