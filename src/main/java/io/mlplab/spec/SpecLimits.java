package io.mlplab.spec;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.LimitsProperties;
import io.mlplab.training.Experiment;
import io.mlplab.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Checks a compiled spec against what this server allows, {@code mlp.limits.*}: sizes, the work budget (a
 * proxy for CPU time), the diagnostics budget and the memory a job may take, an estimate in bytes against
 * the heap this JVM really has, shared by the workers that train at the same time.
 */
@Component
class SpecLimits {

    private final LimitsProperties limits;
    private final long maxJobMemory;
    private final String memoryOrigin;

    SpecLimits(LimitsProperties limits, JobsProperties jobs) {
        this.limits = limits;
        if (limits.maxJobMemory() != null) {
            this.maxJobMemory = limits.maxJobMemory().toBytes();
            this.memoryOrigin = "mlp.limits.max-job-memory";
        } else {
            long heap = Runtime.getRuntime().maxMemory();
            int workers = jobs.workerThreads();
            this.maxJobMemory = (long) (heap * LimitsProperties.HEAP_SHARE / workers);
            this.memoryOrigin = "%s of the %s heap over %d workers; mlp.limits.max-job-memory sets it".formatted(
                    LimitsProperties.HEAP_SHARE, bytes(heap), workers);
        }
    }

    /** The most bytes one job may take. */
    long maxJobMemory() {
        return maxJobMemory;
    }

    /** Every limit {@code compiled} breaks; empty when it may run. */
    List<FieldProblem> check(CompiledSpec compiled) {
        JobSpec spec = compiled.spec();
        List<FieldProblem> problems = new ArrayList<>();
        DataSpec data = spec.data();
        ModelSpec model = spec.model();
        TrainingSpec training = spec.training();

        atMost(problems, "data.samples", data.samples(), limits.maxSamples(), "max-samples");
        if (data.inputs() > limits.maxFeatures()) {
            if (data.noiseFeatures() == null || data.noiseFeatures() == 0) {
                String field = data.featuresField() != null ? data.featuresField() : "data.kind";
                atMost(problems, field, data.inputs(), limits.maxFeatures(), "max-features");
            } else {
                problems.add(new FieldProblem("data.noiseFeatures", ("the features and the noise features together "
                        + "must be at most %d (the server's limit mlp.limits.max-features), got %d + %d").formatted(
                        limits.maxFeatures(), data.ownFeatures(), data.noiseFeatures())));
            }
        }
        atMost(problems, "training.epochs", training.epochs(), limits.maxEpochs(), "max-epochs");
        int[] linear = {0};
        int[] entries = {0};
        model.walk((field, entry) -> {
            entries[0]++;
            if (entry instanceof LayerSpec.Linear layer) {
                linear[0]++;
                atMost(problems, model.layers() != null ? field + ".units" : field, layer.units(), limits.maxWidth(),
                        "max-width");
            }
        });
        String stackField = model.layers() != null ? "model.layers" : "model.hiddenLayers";
        if (linear[0] > limits.maxHiddenLayers()) {
            problems.add(new FieldProblem(stackField, ("at most %d hidden linear layers are allowed (the server's "
                    + "limit mlp.limits.max-hidden-layers), got %d").formatted(limits.maxHiddenLayers(), linear[0])));
        }
        int maxEntries = 4 * limits.maxHiddenLayers();
        if (model.layers() != null && entries[0] > maxEntries) {
            problems.add(new FieldProblem("model.layers", ("at most %d entries are allowed (4 × the server's limit "
                    + "mlp.limits.max-hidden-layers; entries inside residual blocks count too), got %d")
                    .formatted(maxEntries, entries[0])));
        }
        if (problems.isEmpty()) {
            // only now are the sizes small enough for these products not to overflow
            checkBudgets(problems, spec, compiled.experiment());
        }
        return problems;
    }

    private void checkBudgets(List<FieldProblem> problems, JobSpec spec, Experiment experiment) {
        long samples = spec.data().samples();
        int features = spec.data().inputs();
        int outputs = experiment.training().loss().outputs(spec.data().classCount());
        long parameters = experiment.model().parameterCount(features, outputs);
        Integer batchSize = spec.training().batchSize();
        long testSamples = (long) Math.ceil(spec.data().testFraction() * samples);
        long trainSamples = samples - testSamples;
        // mini-batches: one optimizer step (about `parameters` of work) per batch on top of the samples' passes
        long steps = batchSize == null ? 0 : (trainSamples + batchSize - 1) / batchSize;
        long epochs = spec.training().epochs();
        long work = (samples + steps) * parameters * epochs;
        if (work > limits.maxWork()) {
            String[] sides = compare(work, limits.maxWork());
            problems.add(new FieldProblem("training.epochs", ("(samples + optimizer steps per epoch) × parameters × "
                    + "epochs = (%d + %d) × %d × %d = %s exceeds the work budget of %s (the server's limit "
                    + "mlp.limits.max-work); use fewer epochs, samples or units, or larger batches").formatted(samples,
                    steps, parameters, epochs, sides[0], sides[1])));
        }
        int every = spec.diagnostics().every();
        int weightLayers = experiment.model().weightLayers();
        if (every > 0) {
            long rows = (long) weightLayers * ((epochs + every - 1) / every);
            if (rows > limits.maxDiagnosticRows()) {
                problems.add(new FieldProblem("diagnostics.every", ("weight layers × recorded epochs = %d × %d = %d "
                        + "exceeds the diagnostics budget of %d (the server's limit mlp.limits.max-diagnostic-rows); "
                        + "record less often (a larger every) or turn diagnostics off (0)").formatted(
                        weightLayers, rows / weightLayers, rows, limits.maxDiagnosticRows())));
            }
        }
        long rows = Math.max(trainSamples, testSamples);
        long bytes = experiment.model().estimatedBytes(samples, features, outputs, rows);
        if (bytes > maxJobMemory) {
            problems.add(new FieldProblem("data.samples", ("the job needs about %s of memory (the data, %d parameters "
                    + "with their gradients and optimizer state, and scratch matrices for %d rows), more than the %s "
                    + "a job may use here (%s); use fewer samples or units").formatted(bytes(bytes), parameters, rows,
                    bytes(maxJobMemory), memoryOrigin)));
        }
    }

    /** Both sides of a budget check, to three digits unless that makes them look equal. */
    static String[] compare(long value, long limit) {
        String a = String.format(Locale.ROOT, "%.3g", (double) value);
        String b = String.format(Locale.ROOT, "%.3g", (double) limit);
        return a.equals(b) ? new String[] {Long.toString(value), Long.toString(limit)} : new String[] {a, b};
    }

    /** {@code 841 MB}, {@code 1.5 GB}: binary units, as the JVM's heap sizes. */
    static String bytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        if (mb >= 1024) {
            return String.format(Locale.ROOT, "%.1f GB", mb / 1024);
        }
        return mb >= 10 ? String.format(Locale.ROOT, "%d MB", Math.round(mb))
                : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    private static void atMost(List<FieldProblem> problems, String field, int value, int limit, String property) {
        if (value > limit) {
            problems.add(new FieldProblem(field, "must be at most %d (the server's limit mlp.limits.%s), got %d"
                    .formatted(limit, property, value)));
        }
    }
}
