package io.mlplab.training;

import io.mlplab.data.NumpyRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The trainable state of a multi-layer perceptron: one weight matrix and one bias row per layer.
 *
 * <p>Shapes, for layer {@code l} from {@code sizes[l]} to {@code sizes[l+1]} units:
 * {@code w[l] (in, out)}, {@code b[l] (1, out)}. Layer 0 is the first hidden layer; the last is the
 * output layer.
 */
public final class Network {

    private final int[] sizes;
    private final DMatrixRMaj[] w;
    private final DMatrixRMaj[] b;
    private final Activation[] f;
    private final DMatrixRMaj[] parameters;

    /**
     * @param sizes  units per layer, inputs first and outputs last (at least two entries)
     * @param hidden the activation of every hidden layer
     * @param output the activation of the output layer
     */
    public Network(int[] sizes, Activation hidden, Activation output) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and an output size");
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        w = new DMatrixRMaj[layers];
        b = new DMatrixRMaj[layers];
        f = new Activation[layers];
        parameters = new DMatrixRMaj[2 * layers];
        for (int l = 0; l < layers; l++) {
            w[l] = new DMatrixRMaj(sizes[l], sizes[l + 1]);
            b[l] = new DMatrixRMaj(1, sizes[l + 1]);
            f[l] = l == layers - 1 ? output : hidden;
            parameters[2 * l] = w[l];
            parameters[2 * l + 1] = b[l];
        }
    }

    /** Draws every weight matrix, first layer first; biases stay zero. */
    public void initialize(Initializer initializer, NumpyRandom random) {
        for (int l = 0; l < layers(); l++) {
            initializer.initialize(w[l], f[l], random);
        }
    }

    /** Weight layers, hidden and output. */
    public int layers() {
        return w.length;
    }

    /** Units of layer boundary {@code i}: 0 is the input, {@link #layers()} the output. */
    public int size(int i) {
        return sizes[i];
    }

    /** {@code w[l] (in, out)}, live. */
    public DMatrixRMaj weight(int l) {
        return w[l];
    }

    /** {@code b[l] (1, out)}, live. */
    public DMatrixRMaj bias(int l) {
        return b[l];
    }

    public Activation activation(int l) {
        return f[l];
    }

    /** {@code [w0, b0, w1, b1, …]}, live: the order optimizers and gradients use. */
    public DMatrixRMaj[] parameters() {
        return parameters;
    }
}
