package io.mlplab.job;

import io.mlplab.config.LimitsProperties;
import io.mlplab.training.Experiment;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks a spec with every default filled in against what this server allows: the configured resource
 * limits ({@code mlp.limits.*}), the problems the engine finds
 * ({@link Experiment#problems}), and rules between fields that annotations on
 * single fields cannot express.
 */
@Component
class SpecLimits {

    private final LimitsProperties limits;

    SpecLimits(LimitsProperties limits) {
        this.limits = limits;
    }

    /** Every problem of {@code spec} (resolved) and its {@code experiment}; empty when it may run. */
    List<FieldProblem> check(JobSpec spec, Experiment experiment) {
        List<FieldProblem> problems = new ArrayList<>();
        JobSpec.Data data = spec.data();
        JobSpec.Model model = spec.model();
        JobSpec.Training training = spec.training();

        atMost(problems, "data.samples", data.samples(), limits.maxSamples(), "max-samples");
        atMost(problems, "data.features", data.features(), limits.maxFeatures(), "max-features");
        atMost(problems, "training.epochs", training.epochs(), limits.maxEpochs(), "max-epochs");
        List<Integer> hidden = model.hiddenLayers();
        if (hidden.size() > limits.maxHiddenLayers()) {
            problems.add(new FieldProblem("model.hiddenLayers", ("at most %d hidden layers are allowed (the "
                    + "server's limit mlp.limits.max-hidden-layers), got %d")
                    .formatted(limits.maxHiddenLayers(), hidden.size())));
        }
        for (int i = 0; i < hidden.size(); i++) {
            atMost(problems, "model.hiddenLayers[" + i + "]", hidden.get(i), limits.maxWidth(), "max-width");
        }
        int testSamples = (int) Math.ceil(data.testFraction() * data.samples());
        if (testSamples >= data.samples()) {
            problems.add(new FieldProblem("data.testFraction", ("with %d samples and testFraction %s no sample is "
                    + "left for training").formatted(data.samples(), data.testFraction())));
        }
        for (Experiment.Problem problem : experiment.problems(ExperimentMapper.classes(data))) {
            // SpecRules has reported these already for a request that came through the edge
            if (problems.stream().noneMatch(p -> p.field().equals(problem.field()))) {
                problems.add(new FieldProblem(problem.field(), problem.message()));
            }
        }
        if (problems.isEmpty()) {
            // only now are the sizes small enough for these products not to overflow
            checkBudgets(problems, spec, experiment);
        }
        return problems;
    }

    private void checkBudgets(List<FieldProblem> problems, JobSpec spec, Experiment experiment) {
        long samples = spec.data().samples();
        long parameters = experiment.model().parameterCount(spec.data().features(), ExperimentMapper.outputs(spec));
        Integer batchSize = spec.training().batchSize();
        long trainSamples = samples - (long) Math.ceil(spec.data().testFraction() * samples);
        // mini-batches: one optimizer step (about `parameters` of work) per batch on top of the samples' passes
        long steps = batchSize == null ? 0 : (trainSamples + batchSize - 1) / batchSize;
        long work = (samples + steps) * parameters * spec.training().epochs();
        if (work > limits.maxWork()) {
            problems.add(new FieldProblem("training.epochs", ("(samples + optimizer steps per epoch) × parameters × "
                    + "epochs = (%d + %d) × %d × %d = %.3g exceeds the work budget of %.3g (the server's limit "
                    + "mlp.limits.max-work); use fewer epochs, samples or units, or larger batches").formatted(samples,
                    steps, parameters, spec.training().epochs(), (double) work, (double) limits.maxWork())));
        }
        // the trainer checks for a cancel before every batch; between two checks it trains one batch, or
        // evaluates every sample forward only (about a third of a training pass), or, when diagnostics are due,
        // makes a full-batch pass: so only mini-batches without diagnostics have less work between checks
        long checkRows = batchSize == null || spec.diagnostics().every() > 0 ? samples
                : Math.max(Math.min(batchSize, trainSamples), (samples + 2) / 3);
        if (checkRows * parameters > limits.maxEpochWork()) {
            problems.add(new FieldProblem(checkRows == samples ? "data.samples" : "training.batchSize", ("rows between "
                    + "cancel checks × parameters = %d × %d = %.3g exceeds the per-epoch budget of %.3g (the server's "
                    + "limit mlp.limits.max-epoch-work), which keeps a cancel within about 100 ms of work; use fewer "
                    + "samples or units (with mini-batches: turn diagnostics off, diagnostics.every 0)")
                    .formatted(checkRows, parameters, (double) checkRows * parameters, (double) limits.maxEpochWork())));
        }
        int every = spec.diagnostics().every();
        if (every > 0) {
            long rows = (long) spec.weightLayers() * ((spec.training().epochs() + every - 1) / every);
            if (rows > limits.maxDiagnosticRows()) {
                problems.add(new FieldProblem("diagnostics.every", ("weight layers × recorded epochs = %d × %d = %d "
                        + "exceeds the diagnostics budget of %d (the server's limit mlp.limits.max-diagnostic-rows); "
                        + "record less often (a larger every) or turn diagnostics off (0)").formatted(
                        spec.weightLayers(), rows / spec.weightLayers(), rows, limits.maxDiagnosticRows())));
            }
        }
        long units = spec.data().features() + ExperimentMapper.outputs(spec);
        for (int width : spec.model().hiddenLayers()) {
            units += width;
        }
        long activations = samples * units;
        if (activations > limits.maxActivations()) {
            problems.add(new FieldProblem("data.samples", ("samples × (features + every layer's width) = %d × %d = "
                    + "%d exceeds the memory budget of %d (the server's limit mlp.limits.max-activations); use fewer "
                    + "samples or units").formatted(samples, units, activations, limits.maxActivations())));
        }
    }

    private static void atMost(List<FieldProblem> problems, String field, int value, int limit, String property) {
        if (value > limit) {
            problems.add(new FieldProblem(field, "must be at most %d (the server's limit mlp.limits.%s), got %d"
                    .formatted(limit, property, value)));
        }
    }
}
