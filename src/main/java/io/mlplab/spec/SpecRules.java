package io.mlplab.spec;

import io.mlplab.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules between fields of a spec that hold whatever the server's configuration and that neither the
 * records' types nor the engine check: the two spellings of the hidden stack, a leaky_relu slope where no
 * leaky_relu is, a shuffle without mini-batches, Nesterov without momentum, enough samples per class and
 * for training. A field of another option's type needs no rule: it does not exist on the record.
 */
final class SpecRules {

    private SpecRules() {
    }

    /** Every rule {@code request} breaks, {@code spec} being its resolution; empty when it is consistent. */
    static List<FieldProblem> check(JobSpec request, JobSpec spec) {
        List<FieldProblem> problems = new ArrayList<>();
        model(problems, request.model(), spec.model());
        training(problems, request.training(), spec.training());
        data(problems, spec.data());
        batchNorm(problems, spec);
        return problems;
    }

    /**
     * Batch normalization cannot train on a batch of one row (the variance of one sample): not with
     * {@code batchSize} 1, nor when the epoch's last batch is one row, nor on a training set of one row.
     */
    private static void batchNorm(List<FieldProblem> problems, JobSpec spec) {
        String[] first = {null};
        spec.model().walk((field, layer) -> {
            if (layer instanceof LayerSpec.BatchNorm && first[0] == null) {
                first[0] = field;
            }
        });
        if (first[0] == null) {
            return;
        }
        DataSpec data = spec.data();
        int train = data.samples() - (int) Math.ceil(data.testFraction() * data.samples());
        Integer batch = spec.training().batchSize();
        if (batch == null || batch >= train) {
            if (train == 1) {
                problems.add(new FieldProblem("data.samples", ("batch_norm (%s) needs at least 2 rows per batch, and "
                        + "the training set has 1; use more samples").formatted(first[0])));
            }
        } else if (batch == 1) {
            problems.add(new FieldProblem("training.batchSize", ("batch_norm (%s) needs at least 2 rows per batch "
                    + "(the variance of one row is not defined); use a batchSize of at least 2").formatted(first[0])));
        } else if (train % batch == 1) {
            problems.add(new FieldProblem("training.batchSize", ("batch_norm (%s) needs at least 2 rows per batch, and "
                    + "%d training rows in batches of %d leave a last batch of 1 row; choose another batchSize")
                    .formatted(first[0], train, batch)));
        }
    }

    private static void model(List<FieldProblem> problems, ModelSpec given, ModelSpec model) {
        if (given == null) {
            return;
        }
        if (given.layers() != null) {
            if (given.hiddenLayers() != null) {
                problems.add(new FieldProblem("model.hiddenLayers", "cannot be combined with model.layers; describe "
                        + "the hidden stack either as model.layers or as model.hiddenLayers with model.activation"));
            }
            if (given.activation() != null) {
                problems.add(new FieldProblem("model.activation", "cannot be combined with model.layers; give each "
                        + "activation as an entry of model.layers"));
            }
            LayerSpec.walk(given.layers(), "model.layers", (field, layer) -> {
                if (layer instanceof LayerSpec.Activate activate && activate.negativeSlope() != null
                        && activate.function() != ActivationType.LEAKY_RELU) {
                    problems.add(new FieldProblem(field + ".negativeSlope", "applies only to "
                            + "leaky_relu; set function to leaky_relu, or leave negativeSlope out"));
                }
            });
        }
        if (given.negativeSlope() != null && model.negativeSlope() == null) {
            problems.add(new FieldProblem("model.negativeSlope", given.layers() != null
                    ? "applies only to a leaky_relu outputActivation (each entry of model.layers has its own "
                    + "negativeSlope); set model.outputActivation to leaky_relu, or leave negativeSlope out"
                    : "applies only to leaky_relu, and no layer uses it; set model.activation or "
                    + "model.outputActivation to leaky_relu, or leave negativeSlope out"));
        }
    }

    private static void training(List<FieldProblem> problems, TrainingSpec given, TrainingSpec training) {
        if (given != null && given.shuffle() != null && given.batchSize() == null) {
            problems.add(new FieldProblem("training.shuffle", "applies only to mini-batches; set training.batchSize, "
                    + "or leave shuffle out (full-batch training has no order)"));
        }
        if (training.optimizer() instanceof OptimizerSpec.Sgd sgd && sgd.nesterov()
                && (sgd.momentum() <= 0 || sgd.dampening() != 0)) {
            problems.add(new FieldProblem("training.optimizer.nesterov", ("nesterov needs a momentum above 0 and a "
                    + "dampening of 0, got momentum %s and dampening %s").formatted(sgd.momentum(), sgd.dampening())));
        }
    }

    private static void data(List<FieldProblem> problems, DataSpec data) {
        if (data.samples() < data.classCount()) {
            problems.add(new FieldProblem("data.samples", "needs at least one sample per class (%d classes), got %d"
                    .formatted(data.classCount(), data.samples())));
        }
        int testSamples = (int) Math.ceil(data.testFraction() * data.samples());
        if (testSamples >= data.samples()) {
            problems.add(new FieldProblem("data.testFraction", ("with %d samples and testFraction %s no sample is "
                    + "left for training").formatted(data.samples(), data.testFraction())));
        }
    }
}
