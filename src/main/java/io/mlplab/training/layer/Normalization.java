package io.mlplab.training.layer;

import io.mlplab.training.Activation;
import io.mlplab.training.kernel.ElementwiseKernels;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * What layer and batch normalization share: the normalized input {@code x̂}, the learned scale and shift
 * {@code Y = γ ⊙ x̂ + β} (γ starts at 1, β at 0, both trained), and the activation right after the norm,
 * fused as a linear layer fuses its own: {@code A = f(Y)} in the same layer, and on the way back
 * {@code dY = dA ⊙ f'(Y)} in place. A norm with no activation after it has the identity for {@code f},
 * and then {@code A} is {@code Y} itself. The two subclasses differ in the axis of the statistics:
 * per sample over the features (layer norm) or per feature over the batch (batch norm).
 *
 * <p>Shapes, for a batch of {@code n} rows and {@code width} features: {@code x, x̂, Y, A, dA (n, width)};
 * {@code γ, β, dγ, dβ (1, width)}.
 */
public abstract sealed class Normalization implements Layer permits LayerNorm, BatchNorm {

    final int width;
    final double eps;
    final DMatrixRMaj gamma;
    final DMatrixRMaj beta;
    final DMatrixRMaj dGamma;
    final DMatrixRMaj dBeta;
    /** {@code x̂ (n, width)} of the last forward pass. */
    final DMatrixRMaj xHat;
    /** {@code Y = γ ⊙ x̂ + β (n, width)}. */
    final DMatrixRMaj y;
    private final DMatrixRMaj a;
    /** {@code dA}, then {@code dY} in place once {@link #backward} has applied {@code f'}. */
    final DMatrixRMaj dA;
    private final Activation f;
    private final boolean identity;
    private final ElementwiseKernels kernels;

    Normalization(int width, double eps, Activation f, int maxRows, ElementwiseKernels kernels) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
        this.width = width;
        this.eps = eps;
        this.f = f;
        this.identity = f instanceof Activation.Linear;
        this.kernels = kernels;
        gamma = new DMatrixRMaj(1, width);
        gamma.fill(1.0);
        beta = new DMatrixRMaj(1, width);
        dGamma = new DMatrixRMaj(1, width);
        dBeta = new DMatrixRMaj(1, width);
        xHat = new DMatrixRMaj(maxRows, width);
        y = new DMatrixRMaj(maxRows, width);
        a = identity ? y : new DMatrixRMaj(maxRows, width);
        dA = new DMatrixRMaj(maxRows, width);
    }

    /** γ {@code (1, width)}, live: a parameter. */
    public DMatrixRMaj gamma() {
        return gamma;
    }

    /** β {@code (1, width)}, live: a parameter. */
    public DMatrixRMaj beta() {
        return beta;
    }

    /** dγ of the last backward pass, the gradient of the mean loss. */
    public DMatrixRMaj dGamma() {
        return dGamma;
    }

    /** dβ of the last backward pass, the gradient of the mean loss. */
    public DMatrixRMaj dBeta() {
        return dBeta;
    }

    /** The activation fused after the norm ({@link Activation.Linear} for none). */
    public Activation activation() {
        return f;
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
        xHat.reshape(rows, width);
        y.reshape(rows, width);
        a.reshape(rows, width);
        dA.reshape(rows, width);
    }

    @Override
    public final DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        // x̂ and Y = γ ⊙ x̂ + β in one pass ; A = f(Y)
        normalize(x, training);
        if (!identity) {
            f.forward(y, a, kernels);
        }
        return a;
    }

    /**
     * {@code x̂} of {@code x} into {@link #xHat}, with whatever statistics the mode uses, and
     * {@code Y = γ ⊙ x̂ + β} into {@link #y} in the same pass.
     */
    abstract void normalize(DMatrixRMaj x, boolean training);

    @Override
    public DMatrixRMaj dOutput() {
        return dA;
    }

    @Override
    public final void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate) {
        if (!identity) {
            // dY = dA ⊙ f'(Y), in place
            f.backward(y, a, dA, dA, kernels);
        }
        // dγ = Σ_rows dY ⊙ x̂ / n ; dβ = Σ_rows dY / n
        int n = x.numRows;
        double[] dy = dA.data;
        double[] h = xHat.data;
        double[] dg = dGamma.data;
        double[] db = dBeta.data;
        Arrays.fill(dg, 0, width, 0.0);
        Arrays.fill(db, 0, width, 0.0);
        for (int r = 0; r < n; r++) {
            int row = r * width;
            for (int j = 0; j < width; j++) {
                dg[j] += dy[row + j] * h[row + j];
                db[j] += dy[row + j];
            }
        }
        for (int j = 0; j < width; j++) {
            dg[j] /= n;
            db[j] /= n;
        }
        if (dX != null) {
            inputGradient(dX, accumulate);
        }
    }

    /**
     * {@code dX = ∂loss/∂x} from {@code dY} (in {@link #dA}), {@link #xHat} and the statistics of the last
     * forward pass; added to what {@code dX} holds when {@code accumulate} is set.
     */
    abstract void inputGradient(DMatrixRMaj dX, boolean accumulate);

    /**
     * {@code {"type": "layer_norm" | "batch_norm", "eps", "weight": γ, "bias": β, ...}}, then the fused
     * activation's own entry when there is one: an evaluation pass computes {@code γ ⊙ (x − μ)/√(σ² + eps) + β}.
     */
    @Override
    public void export(List<Map<String, Object>> entries) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", this instanceof BatchNorm ? "batch_norm" : "layer_norm");
        entry.put("eps", eps);
        entry.put("weight", Layer.row(gamma));
        entry.put("bias", Layer.row(beta));
        exportStatistics(entry);
        entries.add(entry);
        if (!identity) {
            entries.add(Layer.activationEntry(f));
        }
    }

    /** Adds what an evaluation pass normalizes with besides the sample itself; nothing for layer norm. */
    void exportStatistics(Map<String, Object> entry) {
    }
}
