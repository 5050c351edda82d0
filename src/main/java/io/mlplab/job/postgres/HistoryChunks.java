package io.mlplab.job.postgres;

import io.mlplab.job.History;
import io.mlplab.job.LayerHistory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A job's history rows as the bytes of one {@code job_history} chunk, and chunks back into one history. A
 * chunk is a {@link History} for an epoch range, as {@code Job.history(from, to)} copies it: the train rows of
 * those epochs and the evaluation and diagnostic rows recorded at them. Doubles are written as their bits,
 * so NaN and the infinities of a diverged run come back exactly.
 *
 * <p>Layout, big-endian: train rows {@code n}, then {@code epoch[n]} (int), {@code loss[n]},
 * {@code learningRate[n]}; evaluation rows {@code m}, {@code epoch[m]}, the four columns of {@code m};
 * layers {@code L}, and per layer its rows {@code k}, {@code epoch[k]} and its ten columns of {@code k}.
 */
final class HistoryChunks {

    private static final int LAYER_COLUMNS = 10;

    private HistoryChunks() {
    }

    static byte[] encode(History history) {
        History.Train train = history.train();
        History.Eval eval = history.eval();
        int size = 4 + 20 * train.epoch().length + 4 + 36 * eval.epoch().length + 4;
        for (LayerHistory layer : history.layers()) {
            size += 4 + (4 + 8 * LAYER_COLUMNS) * layer.epoch().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        ints(out, train.epoch());
        doubles(out, train.loss());
        doubles(out, train.learningRate());
        ints(out, eval.epoch());
        doubles(out, eval.trainLoss());
        doubles(out, eval.testLoss());
        doubles(out, eval.trainAccuracy());
        doubles(out, eval.testAccuracy());
        out.putInt(history.layers().size());
        for (LayerHistory layer : history.layers()) {
            ints(out, layer.epoch());
            for (double[] column : columns(layer)) {
                doubles(out, column);
            }
        }
        return out.array();
    }

    static History decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int[] trainEpoch = ints(in);
        History.Train train = new History.Train(trainEpoch, doubles(in, trainEpoch.length),
                doubles(in, trainEpoch.length));
        int[] evalEpoch = ints(in);
        int m = evalEpoch.length;
        History.Eval eval = new History.Eval(evalEpoch, doubles(in, m), doubles(in, m), doubles(in, m),
                doubles(in, m));
        int layers = in.getInt();
        List<LayerHistory> layerList = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            int[] epoch = ints(in);
            double[][] c = new double[LAYER_COLUMNS][];
            for (int i = 0; i < LAYER_COLUMNS; i++) {
                c[i] = doubles(in, epoch.length);
            }
            layerList.add(layer(epoch, c));
        }
        return new History(train, eval, layerList);
    }

    /** An empty history of a job whose diagnostics cover {@code layers} weight layers (0 when off). */
    static History empty(int layers) {
        List<LayerHistory> empty = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            empty.add(layer(new int[0], new double[LAYER_COLUMNS][0]));
        }
        return new History(new History.Train(new int[0], new double[0], new double[0]),
                new History.Eval(new int[0], new double[0], new double[0], new double[0], new double[0]), empty);
    }

    /**
     * The rows of {@code chunks} (in epoch order, not overlapping) for epochs from {@code from} up to, not
     * including, {@code to}, as one history of {@code layers} layers.
     */
    static History join(List<History> chunks, int layers, int from, int to) {
        Columns trainEpoch = new Columns(2);
        Columns evalEpoch = new Columns(4);
        List<Columns> layerColumns = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            layerColumns.add(new Columns(LAYER_COLUMNS));
        }
        for (History chunk : chunks) {
            History.Train t = chunk.train();
            trainEpoch.add(t.epoch(), from, to, t.loss(), t.learningRate());
            History.Eval e = chunk.eval();
            evalEpoch.add(e.epoch(), from, to, e.trainLoss(), e.testLoss(), e.trainAccuracy(), e.testAccuracy());
            for (int l = 0; l < Math.min(layers, chunk.layers().size()); l++) {
                LayerHistory layer = chunk.layers().get(l);
                layerColumns.get(l).add(layer.epoch(), from, to, columns(layer));
            }
        }
        History.Train train = new History.Train(trainEpoch.epochs(), trainEpoch.column(0), trainEpoch.column(1));
        History.Eval eval = new History.Eval(evalEpoch.epochs(), evalEpoch.column(0), evalEpoch.column(1),
                evalEpoch.column(2), evalEpoch.column(3));
        List<LayerHistory> layerList = new ArrayList<>(layers);
        for (Columns c : layerColumns) {
            double[][] columns = new double[LAYER_COLUMNS][];
            for (int i = 0; i < LAYER_COLUMNS; i++) {
                columns[i] = c.column(i);
            }
            layerList.add(layer(c.epochs(), columns));
        }
        return new History(train, eval, layerList);
    }

    private static double[][] columns(LayerHistory l) {
        return new double[][] {l.weightGradNorm(), l.biasGradNorm(), l.weightNorm(), l.updateRatio(),
            l.preActivationMean(), l.preActivationStd(), l.activationMean(), l.activationStd(),
            l.saturatedFraction(), l.deadFraction()};
    }

    private static LayerHistory layer(int[] epoch, double[][] c) {
        return new LayerHistory(epoch, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }

    private static void ints(ByteBuffer out, int[] values) {
        out.putInt(values.length);
        for (int v : values) {
            out.putInt(v);
        }
    }

    private static void doubles(ByteBuffer out, double[] values) {
        for (double v : values) {
            out.putDouble(v);
        }
    }

    private static int[] ints(ByteBuffer in) {
        int[] values = new int[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getInt();
        }
        return values;
    }

    private static double[] doubles(ByteBuffer in, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.getDouble();
        }
        return values;
    }

    /** Growing columns of rows kept by their epoch. */
    private static final class Columns {
        private int[] epoch = new int[16];
        private final double[][] values;
        private int rows;

        Columns(int columns) {
            values = new double[columns][16];
        }

        void add(int[] epochs, int from, int to, double[]... columns) {
            for (int r = 0; r < epochs.length; r++) {
                if (epochs[r] < from || epochs[r] >= to) {
                    continue;
                }
                if (rows == epoch.length) {
                    epoch = Arrays.copyOf(epoch, rows * 2);
                    for (int c = 0; c < values.length; c++) {
                        values[c] = Arrays.copyOf(values[c], rows * 2);
                    }
                }
                epoch[rows] = epochs[r];
                for (int c = 0; c < values.length; c++) {
                    values[c][rows] = columns[c][r];
                }
                rows++;
            }
        }

        int[] epochs() {
            return Arrays.copyOf(epoch, rows);
        }

        double[] column(int c) {
            return Arrays.copyOf(values[c], rows);
        }
    }
}
