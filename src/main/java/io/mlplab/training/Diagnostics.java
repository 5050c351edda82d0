package io.mlplab.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Measures per-layer {@link LayerStats} from a full-batch forward and backward pass held in the network's
 * layers, and follows the loss for plateaus. Allocates everything in its constructor; when the settings are
 * off the trainer never calls it.
 *
 * <p>Shapes, per layer {@code l}: {@code wBefore[l] (in, out)}; {@code ones[l], slope[l] (n, out)}.
 */
final class Diagnostics {

    private final DiagnosticsSettings settings;
    private final Network net;
    private final LayerStats[] stats;
    private final DMatrixRMaj[] wBefore;
    private final DMatrixRMaj[] ones;
    private final DMatrixRMaj[] slope;

    private final double[] initialGradNorm;
    private final int[] vanishedEpoch;
    /** Every epoch's training loss so far, for the plateau: {@code losses} of them. */
    private final double[] loss;
    private int losses;

    Diagnostics(DiagnosticsSettings settings, Network net, int maxRows, int epochs) {
        this.settings = settings;
        this.net = net;
        int layers = net.layers();
        stats = new LayerStats[layers];
        wBefore = new DMatrixRMaj[layers];
        ones = new DMatrixRMaj[layers];
        slope = new DMatrixRMaj[layers];
        for (int l = 0; l < layers; l++) {
            stats[l] = new LayerStats();
            wBefore[l] = new DMatrixRMaj(net.size(l), net.size(l + 1));
            ones[l] = new DMatrixRMaj(maxRows, net.size(l + 1));
            ones[l].fill(1.0);
            slope[l] = new DMatrixRMaj(maxRows, net.size(l + 1));
        }
        initialGradNorm = new double[layers];
        vanishedEpoch = new int[layers];
        Arrays.fill(vanishedEpoch, -1);
        loss = new double[epochs];
    }

    boolean isDue(int epoch) {
        return epoch % settings.every() == 0;
    }

    LayerStats[] stats() {
        return stats;
    }

    /**
     * Reads the full-batch pass left in the network's layers (forward and backward of the training set, before the
     * epoch's update) and remembers the weights so {@link #afterUpdate} can measure the update.
     */
    void measure(int epoch) {
        for (int l = 0; l < net.layers(); l++) {
            LayerStats s = stats[l];
            LinearLayer layer = net.weightLayer(l);
            DMatrixRMaj w = layer.w;
            s.weightGradNorm = norm(layer.dW);
            s.biasGradNorm = norm(layer.db);
            s.weightNorm = norm(w);
            s.preActivationMean = mean(layer.z);
            s.preActivationStd = std(layer.z, s.preActivationMean);
            s.activationMean = mean(layer.a);
            s.activationStd = std(layer.a, s.activationMean);
            measureUnits(l, s);
            wBefore[l].setTo(w);

            if (epoch == 0) {
                initialGradNorm[l] = s.weightGradNorm;
            } else if (vanishedEpoch[l] < 0
                    && s.weightGradNorm < settings.gradientDropFraction() * initialGradNorm[l]) {
                vanishedEpoch[l] = epoch;
            }
        }
    }

    /** {@code updateRatio = ‖W − W_before‖ / ‖W_before‖} once the epoch's update(s) are applied. */
    void afterUpdate() {
        for (int l = 0; l < net.layers(); l++) {
            double[] now = net.weight(l).data;
            double[] before = wBefore[l].data;
            double sum = 0;
            for (int i = 0; i < wBefore[l].getNumElements(); i++) {
                double d = now[i] - before[i];
                sum += d * d;
            }
            stats[l].updateRatio = Math.sqrt(sum) / stats[l].weightNorm;
        }
    }

    /** Keeps the training loss of every epoch for the plateau summary; O(1), no allocation. */
    void onLoss(int epoch, double loss) {
        this.loss[epoch] = loss;
        losses = epoch + 1;
    }

    DiagnosticsSummary summary() {
        List<Integer> vanished = new ArrayList<>(vanishedEpoch.length);
        for (int epoch : vanishedEpoch) {
            vanished.add(epoch);
        }
        long plateau = plateau(loss, losses, settings);
        return new DiagnosticsSummary(vanished, (int) (plateau >> 32), (int) plateau);
    }

    /**
     * The run's first plateau, judged on the loss's own scale. The window ending at epoch {@code e}
     * ({@code e >= window}) improves by {@code d = loss[e - window] - loss[e]}; it is flat when {@code d} is
     * below {@code plateauMinImprovement} of {@code loss[e - window]} (the loss has stopped moving) or below
     * {@code plateauDropShare} of the drop still to come, {@code loss[e]} minus the lowest loss from
     * {@code e} on (it moves, but slowly next to the breakthrough that follows). The plateau starts at the
     * start {@code e - window} of the first flat window and ends at the end of the first window after it
     * that is not flat.
     *
     * @return {@code start << 32 | end} as ints, each -1 when there is none
     */
    static long plateau(double[] loss, int n, DiagnosticsSettings settings) {
        int window = settings.plateauWindow();
        int start = -1;
        int end = -1;
        int nextMoving = -1;
        double lowest = Double.POSITIVE_INFINITY;
        // backwards, so the lowest loss from e on is at hand; the last flat window seen is the first one
        for (int e = n - 1; e >= window; e--) {
            lowest = Math.min(lowest, loss[e]);
            double before = loss[e - window];
            double d = before - loss[e];
            boolean flat = d < settings.plateauMinImprovement() * Math.abs(before)
                    || d < settings.plateauDropShare() * (loss[e] - lowest);
            if (flat) {
                start = e - window;
                end = nextMoving;
            } else {
                nextMoving = e;
            }
        }
        return ((long) start << 32) | (end & 0xFFFFFFFFL);
    }

    /** Saturated units (|f'| below the threshold on most samples) and dead ones (output 0 on every sample). */
    private void measureUnits(int l, LayerStats s) {
        LinearLayer layer = net.weightLayer(l);
        DMatrixRMaj z = layer.z;
        DMatrixRMaj a = layer.a;
        int n = z.numRows;
        int units = z.numCols;
        // f'(Z) = backward with dA = 1
        ones[l].reshape(n, units);
        slope[l].reshape(n, units);
        layer.f.backward(z, a, ones[l], slope[l]);
        int saturated = 0;
        int dead = 0;
        for (int unit = 0; unit < units; unit++) {
            int flat = 0;
            boolean alwaysZero = true;
            for (int row = 0; row < n; row++) {
                int i = row * units + unit;
                if (Math.abs(slope[l].data[i]) < settings.saturationThreshold()) {
                    flat++;
                }
                alwaysZero &= a.data[i] == 0.0;
            }
            if (2 * flat > n) {
                saturated++;
            }
            if (alwaysZero) {
                dead++;
            }
        }
        s.saturatedFraction = (double) saturated / units;
        s.deadFraction = (double) dead / units;
    }

    private static double norm(DMatrixRMaj m) {
        double sum = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            sum += m.data[i] * m.data[i];
        }
        return Math.sqrt(sum);
    }

    private static double mean(DMatrixRMaj m) {
        double sum = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            sum += m.data[i];
        }
        return sum / m.getNumElements();
    }

    private static double std(DMatrixRMaj m, double mean) {
        double sum = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            double d = m.data[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / m.getNumElements());
    }
}
