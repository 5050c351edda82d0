package io.mlplab.training;

import io.mlplab.training.kernel.ElementwiseKernels;
import io.mlplab.training.layer.Layer;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * An activation on its own, {@code A = f(X)}, for one that does not directly follow a linear layer (those
 * are fused into {@link LinearLayer}).
 *
 * <p>Shapes: {@code x, a, dA (n, units)}.
 */
final class ActivationLayer implements Layer {

    final Activation f;
    private final ElementwiseKernels kernels;
    private final DMatrixRMaj a;
    private final DMatrixRMaj dA;

    ActivationLayer(int units, Activation f, int maxRows, ElementwiseKernels kernels) {
        this.f = f;
        this.kernels = kernels;
        a = new DMatrixRMaj(maxRows, units);
        dA = new DMatrixRMaj(maxRows, units);
    }

    @Override
    public int inputs() {
        return a.numCols;
    }

    @Override
    public int outputs() {
        return a.numCols;
    }

    @Override
    public void resize(int rows) {
        a.reshape(rows, a.numCols);
        dA.reshape(rows, dA.numCols);
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        // A = f(X)
        f.forward(x, a, kernels);
        return a;
    }

    @Override
    public DMatrixRMaj dOutput() {
        return dA;
    }

    @Override
    public void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate) {
        if (dX == null) {
            return;
        }
        // dX = dA ⊙ f'(X)
        if (accumulate) {
            f.backward(x, a, dA, dA, kernels);
            for (int i = 0; i < dX.getNumElements(); i++) {
                dX.data[i] += dA.data[i];
            }
        } else {
            f.backward(x, a, dA, dX, kernels);
        }
    }

    @Override
    public void export(List<Map<String, Object>> entries) {
        entries.add(entry(f));
    }

    static Map<String, Object> entry(Activation f) {
        return Layer.activationEntry(f);
    }
}
