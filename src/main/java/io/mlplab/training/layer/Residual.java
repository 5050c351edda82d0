package io.mlplab.training.layer;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A skip connection around a list of layers that keeps the width: {@code Y = X + inner(X)}. The inner
 * list runs as the network's own does (front to back, each layer's output the next one's input; it may
 * hold residual blocks itself). On the way back both paths carry {@code dY}: {@code dX = dY +
 * ∂inner/∂X·dY}, the skip path written first and the inner list's first layer adding its gradient to it.
 *
 * <p>Shapes: {@code x, Y, dY (n, width)}.
 */
public final class Residual implements Layer {

    private final int width;
    private final Layer[] inner;
    /** {@code innerIn[i]}: the input of {@code inner[i]} in the last forward pass. */
    private final DMatrixRMaj[] innerIn;
    private final DMatrixRMaj y;
    private final DMatrixRMaj dY;

    /**
     * @param inner the inner list, already built; its first layer must accept {@code accumulate} (add its
     *              input gradient to what the skip path wrote)
     */
    public Residual(int width, List<Layer> inner, int maxRows) {
        int w = width;
        for (Layer layer : inner) {
            if (layer.inputs() != w) {
                throw new IllegalArgumentException("inner layer takes " + layer.inputs() + " inputs, gets " + w);
            }
            w = layer.outputs();
        }
        if (w != width) {
            throw new IllegalArgumentException("a residual block must keep its width " + width + ", its inner "
                    + "list gives " + w);
        }
        this.width = width;
        this.inner = inner.toArray(new Layer[0]);
        this.innerIn = new DMatrixRMaj[this.inner.length];
        y = new DMatrixRMaj(maxRows, width);
        dY = new DMatrixRMaj(maxRows, width);
    }

    /** The inner list, in order. */
    public List<Layer> inner() {
        return List.of(inner);
    }

    @Override
    public int inputs() {
        return width;
    }

    @Override
    public int outputs() {
        return width;
    }

    @Override
    public void resize(int rows) {
        for (Layer layer : inner) {
            layer.resize(rows);
        }
        y.reshape(rows, width);
        dY.reshape(rows, width);
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        DMatrixRMaj in = x;
        for (int i = 0; i < inner.length; i++) {
            innerIn[i] = in;
            in = inner[i].forward(in, training);
        }
        // Y = X + inner(X)
        for (int i = 0; i < x.getNumElements(); i++) {
            y.data[i] = x.data[i] + in.data[i];
        }
        return y;
    }

    @Override
    public DMatrixRMaj dOutput() {
        return dY;
    }

    @Override
    public void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate) {
        int count = dY.getNumElements();
        if (dX != null) {
            // the skip path: dX = dY (+ what dX held)
            for (int i = 0; i < count; i++) {
                dX.data[i] = accumulate ? dX.data[i] + dY.data[i] : dY.data[i];
            }
        }
        if (inner.length == 0) {
            if (dX != null) {
                for (int i = 0; i < count; i++) {
                    dX.data[i] += dY.data[i];
                }
            }
            return;
        }
        // the inner path, with its own copy of dY (its layers may overwrite their dOutput in place)
        System.arraycopy(dY.data, 0, inner[inner.length - 1].dOutput().data, 0, count);
        for (int i = inner.length - 1; i >= 0; i--) {
            if (i > 0) {
                inner[i].backward(innerIn[i], inner[i - 1].dOutput(), false);
            } else {
                inner[i].backward(innerIn[i], dX, true);
            }
        }
    }

    /** {@code {"type": "residual", "layers": [...]}}: its output is its input plus its inner list's output. */
    @Override
    public void export(List<java.util.Map<String, Object>> entries) {
        List<java.util.Map<String, Object>> layers = new java.util.ArrayList<>();
        for (Layer layer : inner) {
            layer.export(layers);
        }
        java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("type", "residual");
        entry.put("layers", layers);
        entries.add(entry);
    }

    /** The inner layers' buffers, in order. */
    @Override
    public List<DMatrixRMaj> buffers() {
        List<DMatrixRMaj> buffers = new java.util.ArrayList<>();
        for (Layer layer : inner) {
            buffers.addAll(layer.buffers());
        }
        return buffers;
    }
}
