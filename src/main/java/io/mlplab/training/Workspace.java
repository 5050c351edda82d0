package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;

/**
 * Every scratch matrix of a forward and backward pass, allocated once for the largest batch and
 * reshaped (never reallocated) for smaller ones.
 *
 * <p>Shapes, for layer {@code l} with {@code in} inputs and {@code out} units and a batch of {@code n}:
 * {@code z[l], a[l], dA[l], dZ[l] (n, out)}; {@code dW[l] (in, out)}; {@code db[l] (1, out)}.
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

    Workspace(Network net, int maxRows) {
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
