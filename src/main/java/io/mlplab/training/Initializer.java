package io.mlplab.training;

import io.mlplab.data.NumpyRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Draws a weight matrix {@code w (in, out)} from the job's random stream. Biases always start at zero.
 * Each implementation documents exactly which draws it makes, so a reference program can repeat them.
 *
 * <p>The network calls {@link #initialize} once per layer, first hidden layer first and the output layer
 * last, on the job's stream right after the data was drawn (see {@link Trainer}). Every scheme draws
 * exactly {@code in·out} numbers per layer, in row-major order of {@code w (in, out)}:
 * <ul>
 *   <li>a <em>uniform</em> draw on {@code [low, high)} is {@code low + (high - low)·rand()}, which is
 *       numpy's {@code uniform(low, high, (in, out))} to the last bit;</li>
 *   <li>a <em>normal</em> draw with standard deviation {@code std} is {@code std·randn()}, numpy's
 *       {@code std * randn(in, out)}.</li>
 * </ul>
 * Fans follow PyTorch for a linear layer: {@code fan_in = in}, {@code fan_out = out}. Where a scheme
 * takes a {@code gain}, {@code null} means the gain of the layer's own activation
 * ({@link Activation#gain()}, PyTorch's {@code calculate_gain}), so the output layer uses the output
 * activation's gain. The bounds are computed in PyTorch's order of operations.
 */
public interface Initializer {

    /**
     * Fills {@code w (in, out)} for a layer whose units use {@code activation}.
     */
    void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random);

    /**
     * The seed's scheme: {@code rand(in, out) * scale}, i.e. {@code in·out} calls to {@code rand()} in
     * row-major order, each multiplied by {@code scale}.
     */
    record Uniform(double scale) implements Initializer {
        /** The seed's multiplier. */
        public static final double SEED_SCALE = 0.01;

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            random.fillUniform(w);
            for (int i = 0; i < w.getNumElements(); i++) {
                w.data[i] *= scale;
            }
        }
    }

    /**
     * Glorot/Xavier uniform, PyTorch's {@code xavier_uniform_}: uniform on {@code [-bound, bound)} with
     * {@code std = gain·sqrt(2 / (fan_in + fan_out))} and {@code bound = sqrt(3)·std}
     * (= {@code gain·sqrt(6 / (fan_in + fan_out))}). Draws {@code in·out} {@code rand()}, row-major.
     *
     * @param gain {@code null} for the layer activation's gain
     */
    record XavierUniform(Double gain) implements Initializer {
        /** The gain of each layer's activation. */
        public XavierUniform() {
            this(null);
        }

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            double std = gainOr(gain, activation) * Math.sqrt(2.0 / (w.numRows + w.numCols));
            fillUniform(w, Math.sqrt(3.0) * std, random);
        }
    }

    /**
     * Glorot/Xavier normal, PyTorch's {@code xavier_normal_}: {@code std·randn()} with
     * {@code std = gain·sqrt(2 / (fan_in + fan_out))}. Draws {@code in·out} {@code randn()}, row-major.
     *
     * @param gain {@code null} for the layer activation's gain
     */
    record XavierNormal(Double gain) implements Initializer {
        /** The gain of each layer's activation. */
        public XavierNormal() {
            this(null);
        }

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            fillNormal(w, gainOr(gain, activation) * Math.sqrt(2.0 / (w.numRows + w.numCols)), random);
        }
    }

    /**
     * He/Kaiming uniform with mode {@code fan_in}, PyTorch's {@code kaiming_uniform_}: uniform on
     * {@code [-bound, bound)} with {@code std = gain / sqrt(fan_in)} and {@code bound = sqrt(3)·std}.
     * Draws {@code in·out} {@code rand()}, row-major.
     *
     * @param gain {@code null} for the layer activation's gain (√2 for ReLU)
     */
    record HeUniform(Double gain) implements Initializer {
        /** The gain of each layer's activation. */
        public HeUniform() {
            this(null);
        }

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            double std = gainOr(gain, activation) / Math.sqrt(w.numRows);
            fillUniform(w, Math.sqrt(3.0) * std, random);
        }
    }

    /**
     * He/Kaiming normal with mode {@code fan_in}, PyTorch's {@code kaiming_normal_}:
     * {@code std·randn()} with {@code std = gain / sqrt(fan_in)}. Draws {@code in·out} {@code randn()},
     * row-major.
     *
     * @param gain {@code null} for the layer activation's gain (√2 for ReLU)
     */
    record HeNormal(Double gain) implements Initializer {
        /** The gain of each layer's activation. */
        public HeNormal() {
            this(null);
        }

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            fillNormal(w, gainOr(gain, activation) / Math.sqrt(w.numRows), random);
        }
    }

    /**
     * LeCun normal: {@code std·randn()} with {@code std = gain / sqrt(fan_in)} and a gain of 1 unless
     * given (PyTorch's {@code kaiming_normal_(nonlinearity="linear")}; a plain, not truncated, normal).
     * Draws {@code in·out} {@code randn()}, row-major.
     *
     * @param gain {@code null} for 1, whatever the activation
     */
    record LecunNormal(Double gain) implements Initializer {
        /** Gain 1. */
        public LecunNormal() {
            this(null);
        }

        @Override
        public void initialize(DMatrixRMaj w, Activation activation, NumpyRandom random) {
            fillNormal(w, (gain == null ? 1.0 : gain) / Math.sqrt(w.numRows), random);
        }
    }

    private static double gainOr(Double gain, Activation activation) {
        return gain == null ? activation.gain() : gain;
    }

    /** {@code w = low + (high - low)·rand()} with {@code low = -bound, high = bound}, row-major. */
    private static void fillUniform(DMatrixRMaj w, double bound, NumpyRandom random) {
        double low = -bound;
        double range = bound - low;
        for (int i = 0; i < w.getNumElements(); i++) {
            w.data[i] = low + range * random.nextDouble();
        }
    }

    /** {@code w = std·randn()}, row-major. */
    private static void fillNormal(DMatrixRMaj w, double std, NumpyRandom random) {
        for (int i = 0; i < w.getNumElements(); i++) {
            w.data[i] = std * random.nextGaussian();
        }
    }
}
