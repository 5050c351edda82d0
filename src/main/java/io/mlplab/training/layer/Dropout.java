package io.mlplab.training.layer;

import io.mlplab.data.NumpyRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Inverted dropout, in training passes only. A training pass draws {@code u = rand(n, width)} from the
 * job's stream (row-major, as numpy's {@code rand}) and keeps each unit whose draw is at least {@code p},
 * scaled by {@code 1/(1 − p)}: {@code Y = X ⊙ M} with {@code M = u ≥ p ? 1/(1 − p) : 0}. An evaluation pass
 * draws nothing and returns its input itself. The chain rule: {@code dX = dY ⊙ M} after a training pass,
 * {@code dY} after an evaluation pass.
 *
 * <p>Shapes: {@code x, M, Y, dY (n, width)}.
 */
public final class Dropout implements Layer {

    private final int width;
    private final double p;
    private final double scale;
    private final NumpyRandom random;
    private final DMatrixRMaj mask;
    private final DMatrixRMaj y;
    private final DMatrixRMaj dY;
    private boolean training;
    /** Tests only: training passes reuse the last mask instead of drawing one, so the loss is a function. */
    private boolean frozen;

    /**
     * @param p      the share of units dropped, in [0, 1)
     * @param random the job's stream, which the masks are drawn from
     */
    public Dropout(int width, double p, int maxRows, NumpyRandom random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in [0, 1), got " + p);
        }
        this.width = width;
        this.p = p;
        // as torch: the kept units are multiplied by 1/(1 - p), computed once
        this.scale = 1.0 / (1.0 - p);
        this.random = random;
        mask = new DMatrixRMaj(maxRows, width);
        y = new DMatrixRMaj(maxRows, width);
        dY = new DMatrixRMaj(maxRows, width);
    }

    /** Makes training passes reuse the last mask (for gradient checks by finite differences). */
    public void freeze(boolean frozen) {
        this.frozen = frozen;
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
        mask.reshape(rows, width);
        y.reshape(rows, width);
        dY.reshape(rows, width);
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        this.training = training;
        if (!training) {
            return x;
        }
        double[] m = mask.data;
        int count = x.getNumElements();
        if (!frozen) {
            random.fillUniform(mask);
            for (int i = 0; i < count; i++) {
                m[i] = m[i] >= p ? scale : 0.0;
            }
        }
        // Y = X ⊙ M
        for (int i = 0; i < count; i++) {
            y.data[i] = x.data[i] * m[i];
        }
        return y;
    }

    @Override
    public DMatrixRMaj dOutput() {
        return dY;
    }

    @Override
    public void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate) {
        if (dX == null) {
            return;
        }
        int count = dX.getNumElements();
        double[] out = dX.data;
        double[] dy = dY.data;
        double[] m = mask.data;
        // dX = dY ⊙ M (training) or dY (evaluation)
        for (int i = 0; i < count; i++) {
            double d = training ? dy[i] * m[i] : dy[i];
            out[i] = accumulate ? out[i] + d : d;
        }
    }

    /** {@code {"type": "dropout", "p"}}: the identity in an evaluation pass. */
    @Override
    public void export(java.util.List<java.util.Map<String, Object>> entries) {
        java.util.Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("type", "dropout");
        entry.put("p", p);
        entries.add(entry);
    }
}
