package io.mlplab.bench;

import io.mlplab.data.Blobs;
import io.mlplab.training.Activation;
import io.mlplab.training.DiagnosticsSettings;
import io.mlplab.training.Experiment;
import io.mlplab.training.Initializer;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.training.LayerSpec;
import io.mlplab.training.Loss;
import io.mlplab.training.Optimizer;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingListener;
import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The engine alone, in process: the six benchmark configurations (activation, samples × features →
 * hidden, epochs; diagnostics off) trained by each compute setting in turn, alternating, wall-clock
 * medians of the training loop (construction excluded). {@code tools/bench/engine-speed.sh} compares the
 * service against numpy and PyTorch; this isolates the engine's kernels and the idle-core split.
 *
 * <pre>java [-Dconfigurations=prefix,…] … io.mlplab.bench.EngineSpeed [rounds] [settings…]</pre>
 * settings: {@code ejml}, {@code scalar}, {@code vector}, {@code vector+cores} (default all four).
 */
public final class EngineSpeed {

    private static final String[] CONFIGURATIONS = {
        "sigmoid:500:8:16:1000", "relu:500:8:16,32,16:1000", "relu:500:8:16,32,16,8:1000",
        "relu:5000:16:64,64:200", "relu:25000:64:256,256:10", "sigmoid:10000:128:512,512,512:5",
        // [linear 64, batch_norm, relu, residual [linear 64, layer_norm, relu, linear 64], relu]: three linear
        // layers against relu:5000:16:64,64's two, plus both norms and a skip connection
        "norm-residual:5000:16:64:200"};

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> settings = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("ejml", "scalar", "vector", "vector+cores");
        SpareCores cores = new SpareCores(Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-36s", "configuration (seconds, median of " + rounds + ")");
        for (String setting : settings) {
            System.out.printf(Locale.ROOT, " %12s", setting);
        }
        System.out.println();
        String only = System.getProperty("configurations", "");    // e.g. -Dconfigurations=sigmoid:500 (prefixes)
        for (String configuration : CONFIGURATIONS) {
            if (!only.isEmpty() && java.util.Arrays.stream(only.split(",")).noneMatch(configuration::startsWith)) {
                continue;
            }
            double[][] seconds = new double[settings.size()][rounds];
            for (int s = 0; s < settings.size(); s++) {
                time(configuration, compute(settings.get(s), cores));    // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < settings.size(); s++) {
                    seconds[s][r] = time(configuration, compute(settings.get(s), cores));
                }
            }
            System.out.printf(Locale.ROOT, "%-36s", configuration);
            for (double[] column : seconds) {
                System.out.printf(Locale.ROOT, " %12.4f", median(column));
            }
            System.out.println();
        }
        cores.close();
    }

    private static Compute compute(String setting, SpareCores cores) {
        boolean split = setting.endsWith("+cores");
        String kernels = split ? setting.substring(0, setting.length() - "+cores".length()) : setting;
        return Compute.of(kernels, split ? cores : null);
    }

    private static double time(String configuration, Compute compute) {
        String[] parts = configuration.split(":");
        Activation activation = parts[0].equals("relu") ? new Activation.Relu() : new Activation.Sigmoid();
        List<Integer> hidden = Arrays.stream(parts[3].split(",")).map(Integer::valueOf).toList();
        Experiment.Model model = new Experiment.Model(hidden, activation, activation, new Initializer.Uniform(0.01));
        if (parts[0].equals("norm-residual")) {
            int w = hidden.get(0);
            LayerSpec relu = new LayerSpec.Activate(new Activation.Relu());
            model = new Experiment.Model(List.of(new LayerSpec.Linear(w), new LayerSpec.BatchNorm(0.1, 1e-5), relu,
                    new LayerSpec.Residual(List.of(new LayerSpec.Linear(w), new LayerSpec.LayerNorm(1e-5), relu,
                            new LayerSpec.Linear(w))), relu), new Activation.Relu(), new Initializer.Uniform(0.01));
        }
        Trainer trainer = new Trainer(new Experiment(42,
                new Experiment.Data(new Blobs(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), 2.0, 1.0),
                        0.2, true),
                model,
                new Experiment.Training(Integer.parseInt(parts[4]), new Loss.MeanSquaredError(),
                        params -> new Optimizer.Sgd(), LearningRateSchedule.constant(0.1), 10),
                DiagnosticsSettings.OFF), compute);
        long start = System.nanoTime();
        trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
