package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;

/**
 * Every scratch matrix of a forward and backward pass, allocated once for the largest batch and
 * reshaped (never reallocated) for smaller ones.
 *
 * <p>Shapes, for layer {@code l} with {@code in} inputs and {@code out} units and a batch of {@code n}:
 * {@code z[l], a[l], dA[l], dZ[l] (n, out)}; {@code dW[l] (in, out)}; {@code db[l] (1, out)}; the
 * gathered mini-batch {@code xBatch (n, inputs)}, {@code yBatch (n, 1)} (empty for full-batch training).
 */
final class Workspace {

    final DMatrixRMaj[] z;
    final DMatrixRMaj[] a;
    final DMatrixRMaj[] dA;
    final DMatrixRMaj[] dZ;
    final DMatrixRMaj[] dW;
    final DMatrixRMaj[] db;
    /** {@code [dW0, db0, dW1, db1, …]}, parallel to {@link Network#parameters()}. */
    final DMatrixRMaj[] gradients;
    final DMatrixRMaj xBatch;
    final DMatrixRMaj yBatch;

    /** A workspace for full-batch training. */
    Workspace(Network net, int maxRows) {
        this(net, maxRows, 0);
    }

    /**
     * @param maxRows  the most rows any pass sees (the larger of the two sets)
     * @param maxBatch the most rows of a gathered mini-batch, 0 for none
     */
    Workspace(Network net, int maxRows, int maxBatch) {
        int layers = net.layers();
        z = new DMatrixRMaj[layers];
        a = new DMatrixRMaj[layers];
        dA = new DMatrixRMaj[layers];
        dZ = new DMatrixRMaj[layers];
        dW = new DMatrixRMaj[layers];
        db = new DMatrixRMaj[layers];
        gradients = new DMatrixRMaj[2 * layers];
        for (int l = 0; l < layers; l++) {
            int in = net.size(l);
            int out = net.size(l + 1);
            z[l] = new DMatrixRMaj(maxRows, out);
            a[l] = new DMatrixRMaj(maxRows, out);
            dA[l] = new DMatrixRMaj(maxRows, out);
            dZ[l] = new DMatrixRMaj(maxRows, out);
            dW[l] = new DMatrixRMaj(in, out);
            db[l] = new DMatrixRMaj(1, out);
            gradients[2 * l] = dW[l];
            gradients[2 * l + 1] = db[l];
        }
        xBatch = new DMatrixRMaj(maxBatch, net.size(0));
        yBatch = new DMatrixRMaj(maxBatch, 1);
    }

    /** Reshapes the per-sample matrices to {@code rows}; no allocation while rows ≤ the maximum. */
    void resize(int rows) {
        if (z[0].numRows == rows) {
            return;
        }
        for (int l = 0; l < z.length; l++) {
            int out = z[l].numCols;
            z[l].reshape(rows, out);
            a[l].reshape(rows, out);
            dA[l].reshape(rows, out);
            dZ[l].reshape(rows, out);
        }
    }

    /** The network's output {@code a[L-1] (n, outputs)} after a forward pass. */
    DMatrixRMaj output() {
        return a[a.length - 1];
    }
}
