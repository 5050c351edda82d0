package io.mlplab.training.layer;

import io.mlplab.training.Activation;
import io.mlplab.training.kernel.ElementwiseKernels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Batch normalization, PyTorch's {@code nn.BatchNorm1d(width, eps, momentum)}. A training pass normalizes
 * each feature over the batch, {@code x̂ = (x − μ_j) / sqrt(σ²_j + eps)} with the batch's mean and biased
 * variance, and updates the running statistics (which start at 0 and 1):
 * {@code running_mean = momentum·μ + (1 − momentum)·running_mean},
 * {@code running_var = momentum·σ²·n/(n − 1) + (1 − momentum)·running_var} (the unbiased variance, as
 * torch). An evaluation pass normalizes with the running statistics and changes nothing. Then
 * {@code Y = γ ⊙ x̂ + β} and the fused activation ({@link Normalization}).
 *
 * <p>On the way back after a training pass, per feature: {@code dX = γ·invstd·(dY − mean_r(dY) − x̂ ⊙
 * mean_r(dY ⊙ x̂))}; after an evaluation pass the statistics are constants and {@code dX = γ·invstd·dY}.
 * A training pass needs at least two rows (the spec compiler refuses a batch of one).
 *
 * <p>Shapes: as {@link Normalization}; {@code mean, invStd, runningMean, runningVar (1, width)}.
 */
public final class BatchNorm extends Normalization {

    private final double momentum;
    private final double[] mean;
    /** {@code 1 / sqrt(σ² + eps)} of the statistics the last forward pass used. */
    private final double[] invStd;
    private final double[] sumSquares;
    private final DMatrixRMaj runningMean;
    private final DMatrixRMaj runningVar;
    private boolean training;

    public BatchNorm(int width, double momentum, double eps, Activation f, int maxRows, ElementwiseKernels kernels) {
        super(width, eps, f, maxRows, kernels);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
        this.momentum = momentum;
        mean = new double[width];
        invStd = new double[width];
        sumSquares = new double[width];
        runningMean = new DMatrixRMaj(1, width);
        runningVar = new DMatrixRMaj(1, width);
        runningVar.fill(1.0);
    }

    /** The running mean {@code (1, width)}, live. */
    public DMatrixRMaj runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance {@code (1, width)}, live. */
    public DMatrixRMaj runningVar() {
        return runningVar;
    }

    @Override
    void normalize(DMatrixRMaj x, boolean training) {
        this.training = training;
        int n = x.numRows;
        double[] in = x.data;
        double[] h = xHat.data;
        if (training) {
            // μ = Σ_rows x / n ; σ² = Σ_rows (x − μ)² / n, row by row over the features
            Arrays.fill(mean, 0.0);
            Arrays.fill(sumSquares, 0.0);
            for (int r = 0; r < n; r++) {
                int row = r * width;
                for (int j = 0; j < width; j++) {
                    mean[j] += in[row + j];
                }
            }
            for (int j = 0; j < width; j++) {
                mean[j] /= n;
            }
            for (int r = 0; r < n; r++) {
                int row = r * width;
                for (int j = 0; j < width; j++) {
                    double d = in[row + j] - mean[j];
                    sumSquares[j] += d * d;
                }
            }
            double[] rm = runningMean.data;
            double[] rv = runningVar.data;
            for (int j = 0; j < width; j++) {
                invStd[j] = 1.0 / Math.sqrt(sumSquares[j] / n + eps);
                rm[j] = momentum * mean[j] + (1 - momentum) * rm[j];
                rv[j] = momentum * (sumSquares[j] / (n - 1)) + (1 - momentum) * rv[j];
            }
        } else {
            for (int j = 0; j < width; j++) {
                mean[j] = runningMean.data[j];
                invStd[j] = 1.0 / Math.sqrt(runningVar.data[j] + eps);
            }
        }
        double[] out = y.data;
        double[] g = gamma.data;
        double[] b = beta.data;
        for (int r = 0; r < n; r++) {
            int row = r * width;
            for (int j = 0; j < width; j++) {
                double hj = (in[row + j] - mean[j]) * invStd[j];
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
        // mean_r(dY) = dβ and mean_r(dY ⊙ x̂) = dγ, already computed by backward
        double[] meanDy = dBeta.data;
        double[] meanDyX = dGamma.data;
        for (int r = 0; r < n; r++) {
            int row = r * width;
            for (int j = 0; j < width; j++) {
                double scale = g[j] * invStd[j];
                double d = training
                        ? scale * (dy[row + j] - meanDy[j] - h[row + j] * meanDyX[j])
                        : scale * dy[row + j];
                out[row + j] = accumulate ? out[row + j] + d : d;
            }
        }
    }

    /** The running statistics: evaluation passes normalize with them, so a kept network keeps them too. */
    @Override
    public List<DMatrixRMaj> buffers() {
        return List.of(runningMean, runningVar);
    }

    @Override
    void exportStatistics(Map<String, Object> entry) {
        entry.put("momentum", momentum);
        entry.put("runningMean", Layer.row(runningMean));
        entry.put("runningVar", Layer.row(runningVar));
    }
}
