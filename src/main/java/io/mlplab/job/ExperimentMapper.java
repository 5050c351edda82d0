package io.mlplab.job;

import io.mlplab.data.Blobs;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.data.GaussianBlobs;
import io.mlplab.training.Activation;
import io.mlplab.training.DiagnosticsSettings;
import io.mlplab.training.Experiment;
import io.mlplab.training.Initializer;
import io.mlplab.training.LearningRateSchedule;
import io.mlplab.training.Loss;
import io.mlplab.training.Optimizer;
import org.springframework.stereotype.Component;

/**
 * Turns a spec with every default filled in ({@link JobSpec#withDefaults()}) and accepted by {@link SpecRules}
 * into the engine's {@link Experiment}. Each enum of the spec maps here with an exhaustive {@code switch}, so
 * a new constant does not compile until it is mapped.
 */
@Component
class ExperimentMapper {

    Experiment toExperiment(JobSpec spec) {
        JobSpec.Data data = spec.data();
        JobSpec.Model model = spec.model();
        JobSpec.Training training = spec.training();
        return new Experiment(spec.seed(),
                new Experiment.Data(generator(data), data.testFraction(), data.standardize()),
                new Experiment.Model(model.hiddenLayers(), activation(model.activation(), model.negativeSlope()),
                        outputActivation(model), initializer(model.init())),
                new Experiment.Training(training.epochs(), loss(training.loss()), optimizer(training.optimizer()),
                        schedule(training.schedule(), training.optimizer().learningRate()),
                        training.evaluateEvery(),
                        training.batchSize() == null ? null
                                : new Experiment.MiniBatches(training.batchSize(), training.shuffle()),
                        earlyStopping(training.earlyStopping()), training.stopAtLoss()),
                diagnostics(spec.diagnostics()));
    }

    static DiagnosticsSettings diagnostics(JobSpec.Diagnostics d) {
        return new DiagnosticsSettings(d.every(), d.gradientDropFraction(), d.plateauWindow(),
                d.plateauMinImprovement(), d.saturationThreshold());
    }

    /** Classes in the data a spec generates, which with the loss decides the output layer's width. */
    static int classes(JobSpec.Data data) {
        return switch (data.kind()) {
            case BLOBS -> 2;
            case GAUSSIAN_BLOBS -> data.classes();
        };
    }

    /** Output units of the network a resolved spec builds. */
    static int outputs(JobSpec spec) {
        return loss(spec.training().loss()).outputs(classes(spec.data()));
    }

    static DatasetGenerator generator(JobSpec.Data data) {
        return switch (data.kind()) {
            case BLOBS -> new Blobs(data.samples(), data.features(), data.center(), data.noise());
            case GAUSSIAN_BLOBS -> new GaussianBlobs(data.samples(), data.features(), data.classes(), data.spread(),
                    data.noise());
        };
    }

    static Activation outputActivation(JobSpec.Model model) {
        return activation(model.outputActivation(), model.negativeSlope());
    }

    /** {@code negativeSlope} is null unless some layer uses leaky_relu ({@link JobSpec.Model}). */
    static Activation activation(JobSpec.ActivationType type, Double negativeSlope) {
        return switch (type) {
            case SIGMOID -> new Activation.Sigmoid();
            case RELU -> new Activation.Relu();
            case TANH -> new Activation.Tanh();
            case LEAKY_RELU -> new Activation.LeakyRelu(
                    negativeSlope == null ? Activation.LeakyRelu.DEFAULT_SLOPE : negativeSlope);
            case GELU -> new Activation.Gelu();
            case GELU_TANH -> new Activation.GeluTanh();
            case ELU -> new Activation.Elu();
            case SILU -> new Activation.Silu();
            case SOFTPLUS -> new Activation.Softplus();
            case LINEAR -> new Activation.Linear();
        };
    }

    static Initializer initializer(JobSpec.Init init) {
        return switch (init.scheme()) {
            case UNIFORM -> new Initializer.Uniform(init.scale());
            case XAVIER_UNIFORM -> new Initializer.XavierUniform(init.gain());
            case XAVIER_NORMAL -> new Initializer.XavierNormal(init.gain());
            case HE_UNIFORM -> new Initializer.HeUniform(init.gain());
            case HE_NORMAL -> new Initializer.HeNormal(init.gain());
            case LECUN_NORMAL -> new Initializer.LecunNormal(init.gain());
        };
    }

    static Loss loss(JobSpec.LossType type) {
        return switch (type) {
            case MSE -> new Loss.MeanSquaredError();
            case BCE -> new Loss.BinaryCrossEntropy();
            case CROSS_ENTROPY -> new Loss.CrossEntropy();
        };
    }

    /** A resolved optimizer: every parameter of its type is set ({@link JobSpec.Optimizer#withType}). */
    static Optimizer.Factory optimizer(JobSpec.Optimizer o) {
        return switch (o.type()) {
            case SGD -> new Optimizer.Sgd(o.momentum(), o.dampening(), o.nesterov(), o.weightDecay());
            case ADAM -> new Optimizer.Adam(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay());
            case ADAMW -> new Optimizer.AdamW(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay());
            case RMSPROP -> new Optimizer.RmsProp(o.alpha(), o.eps(), o.weightDecay(), o.momentum(), o.centered());
            case ADAGRAD -> new Optimizer.Adagrad(o.lrDecay(), o.weightDecay(), o.initialAccumulatorValue(), o.eps());
        };
    }

    static LearningRateSchedule schedule(JobSpec.Schedule s, double learningRate) {
        return switch (s.type()) {
            case CONSTANT -> LearningRateSchedule.constant(learningRate);
            case STEP -> new LearningRateSchedule.Step(learningRate, s.stepSize(), s.gamma());
            case EXPONENTIAL -> new LearningRateSchedule.Exponential(learningRate, s.gamma());
            case COSINE -> new LearningRateSchedule.Cosine(learningRate, s.minLearningRate());
            case WARMUP_COSINE -> new LearningRateSchedule.WarmupCosine(learningRate, s.warmupEpochs(),
                    s.minLearningRate());
            case ONE_CYCLE -> new LearningRateSchedule.OneCycle(learningRate, s.pctStart(), s.divFactor(),
                    s.finalDivFactor());
        };
    }

    static Experiment.EarlyStopping earlyStopping(JobSpec.EarlyStopping e) {
        if (e == null) {
            return null;
        }
        return new Experiment.EarlyStopping(switch (e.monitor()) {
            case TRAIN_LOSS -> Experiment.EarlyStopping.Monitor.TRAIN_LOSS;
            case TEST_LOSS -> Experiment.EarlyStopping.Monitor.TEST_LOSS;
        }, e.patience(), e.minDelta());
    }
}
