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
import io.mlplab.training.TrainingResult;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of per-layer diagnostics: 500 epochs of a study configuration with diagnostics off
 * ({@code every=0}, the reference in the same run) and on ({@code every=10}). Run with
 * {@code tools/bench/run.sh DiagnosticsBenchmark}; the script prints the on/off ratio per configuration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiagnosticsBenchmark {

    /** activation:hidden widths, the study's rows. */
    @Param({"sigmoid:16", "sigmoid:16,32,16", "relu:16,32", "relu:16,32,16,8"})
    public String configuration;

    @Param({"0", "10"})
    public int every;

    private Trainer trainer;

    @Setup(Level.Invocation)
    public void newTrainer() {
        String[] parts = configuration.split(":");
        List<Integer> hidden = Arrays.stream(parts[1].split(",")).map(Integer::valueOf).toList();
        Activation activation = parts[0].equals("relu") ? new Activation.Relu() : new Activation.Sigmoid();
        DiagnosticsSettings diagnostics = every == 0 ? DiagnosticsSettings.OFF
                : new DiagnosticsSettings(every, 0.01, 100, 1e-4, 1e-3);
        trainer = new Trainer(new Experiment(42,
                new Experiment.Data(new Blobs(500, 8, 2.0, 1.0), 0.2, true),
                new Experiment.Model(hidden, activation, activation, new Initializer.Uniform(0.01)),
                new Experiment.Training(500, new Loss.MeanSquaredError(), params -> new Optimizer.Sgd(),
                        LearningRateSchedule.constant(0.1), 10),
                diagnostics));
    }

    @Benchmark
    public TrainingResult train500Epochs() {
        return trainer.run(TrainingListener.NONE, TrainingControl.NEVER);
    }
}
