package io.mlplab.training;

import io.mlplab.data.NumpyRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Draws a weight matrix {@code w (in, out)} from the job's random stream. Biases always start at zero.
 * Each implementation documents exactly which draws it makes, so a reference program can repeat them.
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
}
