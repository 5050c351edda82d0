package io.mlplab.job;

import io.mlplab.data.Blobs;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.training.Activation;
import io.mlplab.training.Experiment;
import io.mlplab.training.Initializer;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.training.Loss;
import io.mlplab.training.Optimizer;
import org.springframework.stereotype.Component;

/**
 * Turns a spec with every default filled in ({@link JobSpec#withDefaults()}) into the engine's
 * {@link Experiment}. Each enum of the spec maps here with an exhaustive {@code switch}, so a new constant
 * does not compile until it is mapped.
 */
@Component
class ExperimentMapper {

    Experiment toExperiment(JobSpec spec) {
        JobSpec.Data data = spec.data();
        JobSpec.Model model = spec.model();
        JobSpec.Training training = spec.training();
        return new Experiment(spec.seed(),
                new Experiment.Data(generator(data), data.testFraction(), data.standardize()),
                new Experiment.Model(model.hiddenLayers(), activation(model.activation()),
                        activation(model.outputActivation()), initializer(model.init())),
                new Experiment.Training(training.epochs(), loss(training.loss()), optimizer(training.optimizer()),
                        LearningRateSchedule.constant(training.optimizer().learningRate()),
                        training.evaluateEvery()));
    }

    /** Classes in the data a spec generates, which with the loss decides the output layer's width. */
    static int classes(JobSpec.Data data) {
        return switch (data.kind()) {
            case BLOBS -> 2;
        };
    }

    /** Output units of the network a resolved spec builds. */
    static int outputs(JobSpec spec) {
        return loss(spec.training().loss()).outputs(classes(spec.data()));
    }

    static DatasetGenerator generator(JobSpec.Data data) {
        return switch (data.kind()) {
            case BLOBS -> new Blobs(data.samples(), data.features(), data.center(), data.noise());
        };
    }

    static Activation activation(JobSpec.ActivationType type) {
        return switch (type) {
            case SIGMOID -> new Activation.Sigmoid();
            case RELU -> new Activation.Relu();
            case TANH -> new Activation.Tanh();
            case LEAKY_RELU -> new Activation.LeakyRelu(Activation.LeakyRelu.DEFAULT_SLOPE);
            case GELU -> new Activation.Gelu();
            case LINEAR -> new Activation.Linear();
        };
    }

    static Initializer initializer(JobSpec.Init init) {
        return switch (init.scheme()) {
            case UNIFORM -> new Initializer.Uniform(init.scale());
        };
    }

    static Loss loss(JobSpec.LossType type) {
        return switch (type) {
            case MSE -> new Loss.MeanSquaredError();
        };
    }

    static Optimizer.Factory optimizer(JobSpec.Optimizer optimizer) {
        return switch (optimizer.type()) {
            case SGD -> parameters -> new Optimizer.Sgd();
        };
    }
}
