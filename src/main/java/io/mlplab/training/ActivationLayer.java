package io.mlplab.training;

import io.mlplab.training.kernel.ElementwiseKernels;
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
            f.backward(x, a, dA, dA);
            for (int i = 0; i < dX.getNumElements(); i++) {
                dX.data[i] += dA.data[i];
            }
        } else {
            f.backward(x, a, dA, dX);
        }
    }

    @Override
    public void export(List<Map<String, Object>> entries) {
        entries.add(entry(f));
    }

    /**
     * {@code {"type": "activation", "function": "leaky_relu", "negativeSlope": 0.01}}: the function as the spec names
     * it, then its parameters (the components of its record) by name.
     */
    static Map<String, Object> entry(Activation f) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "activation");
        entry.put("function", Network.snakeCase(f.getClass().getSimpleName()));
        if (f.getClass().isRecord()) {
            for (RecordComponent component : f.getClass().getRecordComponents()) {
                try {
                    entry.put(component.getName(), component.getAccessor().invoke(f));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
        }
        return entry;
    }
}
