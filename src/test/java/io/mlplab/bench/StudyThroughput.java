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
import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling of the service's two-worker throughput: the seed's eight-job study (the spec {@code {}} with
 * sigmoid and relu × [16], [16,32], [16,32,16], [16,32,16,8], diagnostics off) trained in this JVM, without
 * the server or any HTTP, by one thread and then by two threads taking the jobs in order from one queue, as
 * the service's workers do, with the service's compute (the vector kernels and the spare cores). Alternating
 * rounds after three of warm-up; prints each round's wall time and the machine's load, the medians, the
 * speed-up, and the CPU time the training threads used. Run: {@code tools/bench/study-throughput.sh [rounds]}.
 */
public final class StudyThroughput {

    private static final List<String> JOBS = List.of("sigmoid:16", "sigmoid:16,32", "sigmoid:16,32,16",
            "sigmoid:16,32,16,8", "relu:16", "relu:16,32", "relu:16,32,16", "relu:16,32,16,8");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        try (SpareCores cores = new SpareCores(Runtime.getRuntime().availableProcessors())) {
            Compute compute = Compute.of("auto", cores);
            double[][] wall = new double[2][rounds];
            double[][] cpu = new double[2][rounds];
            for (int round = -3; round < rounds; round++) {
                for (int t = 0; t < 2; t++) {
                    int threads = (round + t) % 2 == 0 ? 1 : 2;      // alternate which goes first
                    double[] seconds = study(threads, compute);
                    if (round >= 0) {
                        wall[threads - 1][round] = seconds[0];
                        cpu[threads - 1][round] = seconds[1];
                    }
                    System.out.printf(Locale.ROOT, "round %d%s: %d thread%s %.3f s (training CPU %.3f s), load %s%n",
                            round, round < 0 ? " (warm-up)" : "", threads, threads == 1 ? " " : "s", seconds[0],
                            seconds[1], load());
                }
            }
            double one = median(wall[0]);
            double two = median(wall[1]);
            System.out.printf(Locale.ROOT, "median of %d rounds: 1 thread %.3f s (training CPU %.3f s), 2 threads %.3f s"
                    + " (training CPU %.3f s); speed-up %.2f%n", rounds, one, median(cpu[0]), two, median(cpu[1]),
                    one / two);
        }
    }

    /** Wall seconds for the eight jobs on {@code threads} threads, and the CPU seconds those threads used. */
    private static double[] study(int threads, Compute compute) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] cpuNanos = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers[w] = new Thread(() -> {
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                for (int job; (job = next.getAndIncrement()) < JOBS.size(); ) {
                    train(JOBS.get(job), compute);
                }
                cpuNanos[worker] = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }, "study-worker-" + (w + 1));
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {seconds, Arrays.stream(cpuNanos).sum() / 1e9};
    }

    // the spec {} with this activation and these hidden layers: the seed's experiment
    private static void train(String job, Compute compute) {
        String[] parts = job.split(":");
        Activation activation = parts[0].equals("relu") ? new Activation.Relu() : new Activation.Sigmoid();
        List<Integer> hidden = Arrays.stream(parts[1].split(",")).map(Integer::valueOf).toList();
        Trainer trainer = new Trainer(new Experiment(42,
                new Experiment.Data(new Blobs(500, 8, 2.0, 1.0), 0.2, true),
                new Experiment.Model(hidden, activation, activation, new Initializer.Uniform(0.01)),
                new Experiment.Training(1000, new Loss.MeanSquaredError(), params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(0.1), 10),
                DiagnosticsSettings.OFF), compute);
        trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
