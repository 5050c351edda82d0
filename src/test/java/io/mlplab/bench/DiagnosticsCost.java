package io.mlplab.bench;

import io.mlplab.data.Blobs;
import io.mlplab.training.Activation;
import io.mlplab.training.DiagnosticsSettings;
import io.mlplab.training.Experiment;
import io.mlplab.training.Initializer;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.training.Loss;
import io.mlplab.training.Optimizer;
import io.mlplab.training.Trainer;
import io.mlplab.training.TrainingControl;
import io.mlplab.training.TrainingListener;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of diagnostics every 10 epochs against diagnostics off, as paired runs: each round trains the
 * same configuration once each way (alternating which goes first) and the ratio of the two is taken
 * within the round, so a machine whose load drifts affects both sides alike. Times are the thread's CPU
 * time, which other processes on a shared machine disturb far less than wall time. Prints the median
 * ratio per configuration. Run: {@code tools/bench/diagnostics-cost.sh [rounds]}.
 */
public final class DiagnosticsCost {

    private static final List<String> CONFIGURATIONS = List.of("sigmoid:16", "sigmoid:16,32", "sigmoid:16,32,16",
            "sigmoid:16,32,16,8", "relu:16", "relu:16,32", "relu:16,32,16", "relu:16,32,16,8");

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String configuration : CONFIGURATIONS) {      // warm-up: every configuration both ways
            time(threads, configuration, DiagnosticsSettings.OFF);
            time(threads, configuration, DiagnosticsSettings.DEFAULTS);
        }
        System.out.printf("%-20s %12s %12s %10s%n", "configuration", "off (ms)", "every=10 (ms)", "ratio");
        double worst = 0;
        for (String configuration : CONFIGURATIONS) {
            double[] off = new double[rounds];
            double[] on = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    off[r] = time(threads, configuration, DiagnosticsSettings.OFF);
                    on[r] = time(threads, configuration, DiagnosticsSettings.DEFAULTS);
                } else {
                    on[r] = time(threads, configuration, DiagnosticsSettings.DEFAULTS);
                    off[r] = time(threads, configuration, DiagnosticsSettings.OFF);
                }
                ratio[r] = on[r] / off[r];
            }
            double median = median(ratio);
            worst = Math.max(worst, median);
            System.out.printf(Locale.ROOT, "%-20s %12.1f %12.1f %10.3f%n", configuration, median(off) / 1e6,
                    median(on) / 1e6, median);
        }
        System.out.printf(Locale.ROOT, "largest median ratio (every=10 / off): %.3f%n", worst);
    }

    /** CPU nanoseconds of training 1000 epochs (construction excluded). */
    private static double time(ThreadMXBean threads, String configuration, DiagnosticsSettings diagnostics) {
        String[] parts = configuration.split(":");
        List<Integer> hidden = Arrays.stream(parts[1].split(",")).map(Integer::valueOf).toList();
        Activation activation = parts[0].equals("relu") ? new Activation.Relu() : new Activation.Sigmoid();
        Trainer trainer = new Trainer(new Experiment(42,
                new Experiment.Data(new Blobs(500, 8, 2.0, 1.0), 0.2, true),
                new Experiment.Model(hidden, activation, activation, new Initializer.Uniform(0.01)),
                new Experiment.Training(1000, new Loss.MeanSquaredError(), params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(0.1), 10),
                diagnostics));
        long start = threads.getCurrentThreadCpuTime();
        trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
