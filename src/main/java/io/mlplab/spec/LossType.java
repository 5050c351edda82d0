package io.mlplab.spec;

import io.mlplab.training.Loss;
import io.mlplab.web.JsonEnum;

/** A loss function, as the spec names it. */
public enum LossType implements JsonEnum {
    MSE, BCE, CROSS_ENTROPY;

    Loss engine() {
        return switch (this) {
            case MSE -> new Loss.MeanSquaredError();
            case BCE -> new Loss.BinaryCrossEntropy();
            case CROSS_ENTROPY -> new Loss.CrossEntropy();
        };
    }

    /** The output activation this loss picks when none is given; null for "the hidden one" (mse). */
    ActivationType outputActivation() {
        return switch (this) {
            case BCE -> ActivationType.SIGMOID;
            case CROSS_ENTROPY -> ActivationType.LINEAR;
            case MSE -> null;
        };
    }
}
