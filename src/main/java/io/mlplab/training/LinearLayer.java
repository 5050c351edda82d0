package io.mlplab.training;

import io.mlplab.data.NumpyRandom;
import io.mlplab.training.layer.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * A fully connected layer and the activation that follows it, fused: {@code Z = X·W + b ; A = f(Z)}. A
 * linear layer with no activation after it has the identity for {@code f}, and then {@code A} is
 * {@code Z} itself. Fusing lets the bias and the activation share one pass over {@code Z}: the product
 * adds the bias to each output tile as its sums complete, and applies {@code f} to each block of rows as
 * the block is finished, while it is in cache ({@link Products.Epilogue}). The activation's derivative is
 * applied in place on the incoming gradient, and where the layer above is linear too, by that layer, to
 * each block of {@code dA} as its product {@code dZ·Wᵀ} finishes it ({@link #applyDerivativeOf}).
 *
 * <p>Shapes: {@code w (in, out)}, {@code b (1, out)}, {@code dW (in, out)}, {@code db (1, out)};
 * {@code z, a, dZ (n, out)}. {@code dZ} holds {@code dA} until {@link #backward} turns it into
 * {@code dZ = dA ⊙ f'(Z)}; for the output layer the loss writes {@code dZ} directly
 * ({@link #lossWritesDz}).
 */
final class LinearLayer implements Layer {

    final DMatrixRMaj w;
    final DMatrixRMaj b;
    final DMatrixRMaj dW;
    final DMatrixRMaj db;
    final Activation f;
    final DMatrixRMaj z;
    final DMatrixRMaj a;
    final DMatrixRMaj dZ;
    /** {@code (n, in)}: the product {@code dZ·Wᵀ} before it is added to the upstream gradient. */
    private final DMatrixRMaj dXPart;
    /**
     * {@code wT (out, in)}, refreshed from {@code w} at each backward pass: {@code dX = dZ·Wᵀ} as the plain
     * product {@code dZ·wT}, whose kernel keeps whole rows of {@code dX} in vector registers, instead of
     * {@code A·Bᵀ}, whose dot products over the few units of a small layer spend their time reducing lanes.
     */
    private final DMatrixRMaj wT;
    private final boolean identity;
    private final boolean lossWritesDz;
    private final Products products;
    /** {@code A = f(Z)} on a finished block of Z. */
    private final Products.Epilogue activate;
    /** The linear layer below, whose dZ this layer's dX is and whose derivative it applies to it; or null. */
    private LinearLayer below;
    /** Set on the layer below: its dZ arrives with the derivative applied. */
    private boolean derivativeApplied;
    /** {@code dZ = dA ⊙ f'(Z)} of the layer below, on a finished block of its {@code dA}. */
    private final Products.Epilogue derive = (from, to) -> below.derivative(from, to);

    /**
     * @param f            the activation after the linear map ({@link Activation.Linear} for none)
     * @param lossWritesDz set for the output layer: the loss gives the gradient of the pre-activations
     * @param accumulates  whether {@link #backward} may be asked to add into the upstream gradient
     */
    LinearLayer(int in, int out, Activation f, int maxRows, boolean lossWritesDz, boolean accumulates,
                Products products) {
        this.f = f;
        this.identity = f instanceof Activation.Linear;
        this.lossWritesDz = lossWritesDz;
        this.products = products;
        w = new DMatrixRMaj(in, out);
        b = new DMatrixRMaj(1, out);
        dW = new DMatrixRMaj(in, out);
        db = new DMatrixRMaj(1, out);
        z = new DMatrixRMaj(maxRows, out);
        a = identity ? z : new DMatrixRMaj(maxRows, out);
        dZ = new DMatrixRMaj(maxRows, out);
        dXPart = accumulates ? new DMatrixRMaj(maxRows, in) : null;
        wT = new DMatrixRMaj(out, in);
        activate = (from, to) -> f.forward(z.data, a.data, from, to, products.blockElementwise());
    }

    /**
     * This layer writes its {@code dX} into {@code below}'s dZ and never adds to it: apply {@code below}'s
     * activation derivative to each block of it as the product finishes the block, instead of in a pass of
     * its own in {@code below}'s backward.
     */
    void applyDerivativeOf(LinearLayer below) {
        if (below.identity || below.lossWritesDz) {
            return;
        }
        this.below = below;
        below.derivativeApplied = true;
    }

    // dZ = dA ⊙ f'(Z) on elements [from, to), in place
    private void derivative(int from, int to) {
        f.backward(z.data, a.data, dZ.data, dZ.data, from, to, products.blockElementwise());
    }

    /** Draws {@code w} with the gain of this layer's activation; the bias stays zero. */
    void initialize(Initializer initializer, NumpyRandom random) {
        initializer.initialize(w, f, random);
    }

    @Override
    public int inputs() {
        return w.numRows;
    }

    @Override
    public int outputs() {
        return w.numCols;
    }

    /**
     * {@code t = mᵀ}: m (in, out), t (out, in), in tiles of {@link #TRANSPOSE_TILE} × {@link #TRANSPOSE_TILE}: a
     * tile's rows of m and of t stay in cache while it is copied, where a whole row of m at a time writes t
     * with a stride of its row length (4 KB for 512 inputs, every write in the same cache set).
     */
    static void transpose(DMatrixRMaj m, DMatrixRMaj t) {
        int rows = m.numRows;
        int cols = m.numCols;
        double[] from = m.data;
        double[] to = t.data;
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_TILE) {
            int i1 = Math.min(rows, i0 + TRANSPOSE_TILE);
            for (int j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
                int j1 = Math.min(cols, j0 + TRANSPOSE_TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        to[j * rows + i] = from[i * cols + j];
                    }
                }
            }
        }
    }

    /**
     * The side of a tile of {@link #transpose}: 8 × 8 doubles, a cache line per row of the tile. A 512 × 512
     * transpose measured 0.46 ms in such tiles, 0.64 ms in tiles of 16 and 1.65 ms row by row.
     */
    private static final int TRANSPOSE_TILE = 8;

    @Override
    public void resize(int rows) {
        z.reshape(rows, z.numCols);
        a.reshape(rows, a.numCols);
        dZ.reshape(rows, dZ.numCols);
        if (dXPart != null) {
            dXPart.reshape(rows, dXPart.numCols);
        }
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        // Z = X·W + b ; A = f(Z)
        products.mult(x, w, b, z, identity ? null : activate);
        return a;
    }

    @Override
    public DMatrixRMaj dOutput() {
        return dZ;
    }

    @Override
    public void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate) {
        if (!lossWritesDz && !identity && !derivativeApplied) {
            // dZ = dA ⊙ f'(Z), in place
            f.backward(z, a, dZ, dZ, products.elementwise());
        }
        // dW = Xᵀ·dZ / n ; db = Σ_rows dZ / n   (divided, not scaled by 1/n, as the seed)
        double n = x.numRows;
        products.multTransA(x, dZ, dW, n);
        products.columnSums(dZ, db, n);
        if (dX == null) {
            return;
        }
        // dX = dZ·Wᵀ, with the weights from before this step's update
        transpose(w, wT);
        if (below != null && (accumulate || dX != below.dZ)) {
            throw new IllegalStateException("dX must be the dZ of the layer below, written, not added to");
        }
        if (accumulate) {
            products.mult(dZ, wT, null, dXPart);
            for (int i = 0; i < dX.getNumElements(); i++) {
                dX.data[i] += dXPart.data[i];
            }
        } else {
            products.mult(dZ, wT, null, dX, below == null ? null : derive);
        }
    }

    /** {@code linear} with {@code weight (in, out)} and {@code bias (out)}, then the activation unless the identity. */
    @Override
    public void export(List<Map<String, Object>> entries) {
        entries.add(linearEntry());
        if (!identity) {
            entries.add(ActivationLayer.entry(f));
        }
    }

    /** The output layer's one entry: {@code linear} with its {@code activation} (and that activation's parameters). */
    Map<String, Object> outputEntry() {
        Map<String, Object> entry = linearEntry();
        Map<String, Object> activation = ActivationLayer.entry(f);
        entry.put("activation", activation.get("function"));
        activation.forEach((key, value) -> {
            if (!key.equals("type") && !key.equals("function")) {
                entry.put(key, value);
            }
        });
        return entry;
    }

    private Map<String, Object> linearEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "linear");
        double[][] weight = new double[w.numRows][];
        for (int i = 0; i < w.numRows; i++) {
            weight[i] = java.util.Arrays.copyOfRange(w.data, i * w.numCols, (i + 1) * w.numCols);
        }
        entry.put("weight", weight);
        entry.put("bias", java.util.Arrays.copyOf(b.data, b.numCols));
        return entry;
    }
}
