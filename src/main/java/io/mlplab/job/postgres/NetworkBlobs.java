package io.mlplab.job.postgres;

import io.mlplab.data.StandardScaler;
import io.mlplab.job.Job;
import io.mlplab.training.Experiment;
import io.mlplab.training.Network;
import io.mlplab.training.kernel.Compute;
import java.nio.ByteBuffer;

/**
 * A trained network and its scaler as the bytes of a {@code job_models} row, and back. The network's shape
 * comes from the job's experiment; the bytes hold the inputs and outputs, every state matrix's numbers in
 * {@link Network.Snapshot#values} order, and the scaler's mean and scale, each double as its bits.
 *
 * <p>Layout, big-endian: {@code inputs}, {@code outputs}, matrices {@code M}, per matrix its length and
 * numbers; the scaler's length {@code F}, {@code mean[F]}, {@code scale[F]}.
 */
final class NetworkBlobs {

    private NetworkBlobs() {
    }

    static byte[] encode(Job.Trained trained) {
        double[][] values = trained.network().values();
        double[] mean = trained.scaler().mean();
        double[] scale = trained.scaler().scale();
        int size = 12 + 4 + 16 * mean.length;
        for (double[] matrix : values) {
            size += 4 + 8 * matrix.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(trained.network().inputs()).putInt(trained.network().outputs()).putInt(values.length);
        for (double[] matrix : values) {
            out.putInt(matrix.length);
            for (double v : matrix) {
                out.putDouble(v);
            }
        }
        out.putInt(mean.length);
        for (double v : mean) {
            out.putDouble(v);
        }
        for (double v : scale) {
            out.putDouble(v);
        }
        return out.array();
    }

    static Job.Trained decode(byte[] bytes, Experiment.Model model, Compute compute) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int inputs = in.getInt();
        int outputs = in.getInt();
        double[][] values = new double[in.getInt()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = doubles(in, in.getInt());
        }
        int features = in.getInt();
        double[] mean = doubles(in, features);
        double[] scale = doubles(in, features);
        return new Job.Trained(Network.Snapshot.restore(model, inputs, outputs, compute, values),
                new StandardScaler.Fit(mean, scale));
    }

    private static double[] doubles(ByteBuffer in, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }
}
