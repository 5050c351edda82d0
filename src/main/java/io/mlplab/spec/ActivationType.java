package io.mlplab.spec;

import io.mlplab.training.Activation;
import io.mlplab.web.JsonEnum;

/** An element-wise activation function, as the spec names it. */
public enum ActivationType implements JsonEnum {
    SIGMOID, RELU, TANH, LEAKY_RELU, GELU, GELU_TANH, ELU, SILU, SOFTPLUS, LINEAR;

    /** The engine's function; {@code negativeSlope} is read by leaky_relu only. */
    Activation engine(Double negativeSlope) {
        return switch (this) {
            case SIGMOID -> new Activation.Sigmoid();
            case RELU -> new Activation.Relu();
            case TANH -> new Activation.Tanh();
            case LEAKY_RELU -> new Activation.LeakyRelu(
                    negativeSlope == null ? Activation.LeakyRelu.DEFAULT_SLOPE : negativeSlope);
            case GELU -> new Activation.Gelu();
            case GELU_TANH -> new Activation.GeluTanh();
            case ELU -> new Activation.Elu();
            case SILU -> new Activation.Silu();
            case SOFTPLUS -> new Activation.Softplus();
            case LINEAR -> new Activation.Linear();
        };
    }
}
