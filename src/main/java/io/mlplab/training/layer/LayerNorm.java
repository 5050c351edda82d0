package io.mlplab.training.layer;

import io.mlplab.training.Activation;
import io.mlplab.training.kernel.ElementwiseKernels;
import org.ejml.data.DMatrixRMaj;

/**
 * Layer normalization, PyTorch's {@code nn.LayerNorm(width, eps, elementwise_affine=True)}: each sample is
 * normalized over its own features, {@code x̂ = (x − μ_r) / sqrt(σ²_r + eps)} with the row's mean and
 * biased variance, the same in training and evaluation passes. Then {@code Y = γ ⊙ x̂ + β} and the fused
 * activation ({@link Normalization}).
 *
 * <p>On the way back, per row with {@code g = dY ⊙ γ}:
 * {@code dX = rstd_r · (g − mean_j(g) − x̂ ⊙ mean_j(g ⊙ x̂))}.
 *
 * <p>Shapes: as {@link Normalization}; {@code rstd (n, 1)}.
 */
public final class LayerNorm extends Normalization {

    /** {@code 1 / sqrt(σ²_r + eps)} per row of the last forward pass. */
    private final double[] rstd;

    public LayerNorm(int width, double eps, Activation f, int maxRows, ElementwiseKernels kernels) {
        super(width, eps, f, maxRows, kernels);
        rstd = new double[maxRows];
    }

    @Override
    void normalize(DMatrixRMaj x, boolean training) {
        int n = x.numRows;
        double[] in = x.data;
        double[] h = xHat.data;
        double[] out = y.data;
        double[] g = gamma.data;
        double[] b = beta.data;
        for (int r = 0; r < n; r++) {
            int row = r * width;
            // μ = Σ_j x / width ; σ² = Σ_j (x − μ)² / width (two passes, as accurate as it gets)
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += in[row + j];
            }
            double mean = sum / width;
            double squares = 0;
            for (int j = 0; j < width; j++) {
                double d = in[row + j] - mean;
                squares += d * d;
            }
            double s = 1.0 / Math.sqrt(squares / width + eps);
            rstd[r] = s;
            for (int j = 0; j < width; j++) {
                double hj = (in[row + j] - mean) * s;
                h[row + j] = hj;
                out[row + j] = hj * g[j] + b[j];
            }
        }
    }

    @Override
    void inputGradient(DMatrixRMaj dX, boolean accumulate) {
        int n = dX.numRows;
        double[] dy = dA.data;
        double[] h = xHat.data;
        double[] g = gamma.data;
        double[] out = dX.data;
        for (int r = 0; r < n; r++) {
            int row = r * width;
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < width; j++) {
                double gj = dy[row + j] * g[j];
                sumG += gj;
                sumGx += gj * h[row + j];
            }
            double meanG = sumG / width;
            double meanGx = sumGx / width;
            double s = rstd[r];
            for (int j = 0; j < width; j++) {
                double d = s * (dy[row + j] * g[j] - meanG - h[row + j] * meanGx);
                out[row + j] = accumulate ? out[row + j] + d : d;
            }
        }
    }
}
