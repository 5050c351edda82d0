package io.mlplab.job;

import io.mlplab.training.Experiment;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules between fields of a job spec that hold whatever the server's configuration: a parameter that the
 * chosen option does not have ({@code scale} with {@code he_normal}, {@code momentum} with {@code adam}), a
 * schedule's required parameter, and a loss with an output activation it cannot work with
 * ({@link io.mlplab.training.Loss#check}). They run at the edge as the class-level constraint
 * {@link Consistent} (so every problem is reported with the annotations' ones), and again in
 * {@link JobService#submit} for callers that skip the edge. None of them silently ignores a field.
 */
final class SpecRules {

    private SpecRules() {
    }

    /** Every rule {@code request} (as the client wrote it) breaks; empty when it is consistent. */
    static List<FieldProblem> check(JobSpec request) {
        List<FieldProblem> problems = new ArrayList<>();
        JobSpec spec = request.withDefaults();
        data(problems, request.data(), spec.data());
        model(problems, request.model(), spec);
        training(problems, request.training(), spec.training());
        return problems;
    }

    private static void data(List<FieldProblem> problems, JobSpec.Data given, JobSpec.Data data) {
        if (given == null) {
            return;
        }
        if (data.kind() == JobSpec.DataKind.BLOBS) {
            notFor(problems, "data.classes", given.classes(), "the blobs data (always 2 classes); set data.kind to "
                    + "gaussian_blobs for more");
            notFor(problems, "data.spread", given.spread(), "the blobs data (it uses center); set data.kind to "
                    + "gaussian_blobs");
        } else {
            notFor(problems, "data.center", given.center(), "gaussian_blobs (its centres are random; use spread)");
            if (data.classes() != null && data.samples() != null && data.samples() < data.classes()) {
                problems.add(new FieldProblem("data.samples", "needs at least one sample per class (%d classes), got %d"
                        .formatted(data.classes(), data.samples())));
            }
        }
    }

    private static void model(List<FieldProblem> problems, JobSpec.Model given, JobSpec spec) {
        JobSpec.Model model = spec.model();
        if (given != null && given.init() != null) {
            JobSpec.Init init = given.init();
            if (model.init().scheme() == JobSpec.InitScheme.UNIFORM) {
                notFor(problems, "model.init.gain", init.gain(), "the uniform scheme (it has scale); choose another "
                        + "scheme, or leave gain out");
            } else {
                notFor(problems, "model.init.scale", init.scale(), "the " + model.init().scheme().json()
                        + " scheme (scale is the uniform scheme's multiplier); use gain, or leave scale out");
            }
        }
        if (given != null && given.negativeSlope() != null && model.negativeSlope() == null) {
            problems.add(new FieldProblem("model.negativeSlope", "applies only to leaky_relu, and no layer uses it; "
                    + "set model.activation or model.outputActivation to leaky_relu, or leave negativeSlope out"));
        }
        int classes = ExperimentMapper.classes(spec.data());
        if (classes >= 2) {
            Optional<Experiment.Problem> loss = ExperimentMapper.loss(spec.training().loss())
                    .check(ExperimentMapper.outputActivation(model), classes);
            loss.ifPresent(p -> problems.add(new FieldProblem(p.field(), p.message())));
        }
    }

    private static void training(List<FieldProblem> problems, JobSpec.Training given, JobSpec.Training training) {
        if (given == null) {
            return;
        }
        if (given.shuffle() != null && given.batchSize() == null) {
            problems.add(new FieldProblem("training.shuffle", "applies only to mini-batches; set training.batchSize, "
                    + "or leave shuffle out (full-batch training has no order)"));
        }
        if (given.optimizer() != null) {
            optimizer(problems, given.optimizer(), training.optimizer());
        }
        if (given.schedule() != null) {
            schedule(problems, given.schedule(), training);
        }
    }

    private static void optimizer(List<FieldProblem> problems, JobSpec.Optimizer given, JobSpec.Optimizer resolved) {
        // withType keeps exactly the parameters of the type: a given one it dropped does not belong
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("momentum", given.momentum());
        values.put("dampening", given.dampening());
        values.put("nesterov", given.nesterov());
        values.put("weightDecay", given.weightDecay());
        values.put("betas", given.betas());
        values.put("eps", given.eps());
        values.put("alpha", given.alpha());
        values.put("centered", given.centered());
        values.put("lrDecay", given.lrDecay());
        values.put("initialAccumulatorValue", given.initialAccumulatorValue());
        Map<String, Object> kept = optimizerParameters(resolved);
        String type = resolved.type().json();
        for (Map.Entry<String, Object> value : values.entrySet()) {
            if (value.getValue() != null && kept.get(value.getKey()) == null) {
                problems.add(new FieldProblem("training.optimizer." + value.getKey(), ("%s has no %s; its parameters "
                        + "are %s").formatted(type, value.getKey(), String.join(", ", parameterNames(kept)))));
            }
        }
        if (resolved.type() == JobSpec.OptimizerType.SGD && Boolean.TRUE.equals(resolved.nesterov())
                && resolved.momentum() != null && resolved.dampening() != null
                && (resolved.momentum() <= 0 || resolved.dampening() != 0)) {
            problems.add(new FieldProblem("training.optimizer.nesterov", ("nesterov needs a momentum above 0 and a "
                    + "dampening of 0, got momentum %s and dampening %s").formatted(resolved.momentum(),
                    resolved.dampening())));
        }
    }

    private static Map<String, Object> optimizerParameters(JobSpec.Optimizer o) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("momentum", o.momentum());
        kept.put("dampening", o.dampening());
        kept.put("nesterov", o.nesterov());
        kept.put("weightDecay", o.weightDecay());
        kept.put("betas", o.betas());
        kept.put("eps", o.eps());
        kept.put("alpha", o.alpha());
        kept.put("centered", o.centered());
        kept.put("lrDecay", o.lrDecay());
        kept.put("initialAccumulatorValue", o.initialAccumulatorValue());
        return kept;
    }

    private static List<String> parameterNames(Map<String, Object> kept) {
        List<String> names = new ArrayList<>(List.of("learningRate"));
        kept.forEach((name, value) -> {
            if (value != null) {
                names.add(name);
            }
        });
        return names;
    }

    private static void schedule(List<FieldProblem> problems, JobSpec.Schedule given, JobSpec.Training training) {
        JobSpec.ScheduleType type = training.schedule().type();
        List<String> allowed = switch (type) {
            case CONSTANT -> List.of();
            case STEP -> List.of("stepSize", "gamma");
            case EXPONENTIAL -> List.of("gamma");
            case COSINE -> List.of("minLearningRate");
            case WARMUP_COSINE -> List.of("warmupEpochs", "minLearningRate");
            case ONE_CYCLE -> List.of("pctStart", "divFactor", "finalDivFactor");
        };
        List<String> required = switch (type) {
            case STEP -> List.of("stepSize");
            case EXPONENTIAL -> List.of("gamma");
            case WARMUP_COSINE -> List.of("warmupEpochs");
            case CONSTANT, COSINE, ONE_CYCLE -> List.of();
        };
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("stepSize", given.stepSize());
        values.put("gamma", given.gamma());
        values.put("minLearningRate", given.minLearningRate());
        values.put("warmupEpochs", given.warmupEpochs());
        values.put("pctStart", given.pctStart());
        values.put("divFactor", given.divFactor());
        values.put("finalDivFactor", given.finalDivFactor());
        for (Map.Entry<String, Object> value : values.entrySet()) {
            String name = value.getKey();
            if (value.getValue() != null && !allowed.contains(name)) {
                problems.add(new FieldProblem("training.schedule." + name, "the %s schedule has no %s; %s".formatted(
                        type.json(), name, allowed.isEmpty() ? "it takes no parameters"
                                : "its parameters are " + String.join(", ", allowed))));
            }
            if (value.getValue() == null && required.contains(name)) {
                problems.add(new FieldProblem("training.schedule." + name, "is required by the %s schedule"
                        .formatted(type.json())));
            }
        }
        Integer warmup = training.schedule().warmupEpochs();
        if (type == JobSpec.ScheduleType.WARMUP_COSINE && warmup != null && training.epochs() != null
                && warmup >= training.epochs()) {
            problems.add(new FieldProblem("training.schedule.warmupEpochs", ("must be less than training.epochs (%d), "
                    + "got %d").formatted(training.epochs(), warmup)));
        }
    }

    private static void notFor(List<FieldProblem> problems, String field, Object value, String what) {
        if (value != null) {
            problems.add(new FieldProblem(field, "does not apply to " + what));
        }
    }

    /** The rules of {@link SpecRules} as a class-level Bean Validation constraint of {@link JobSpec}. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ConsistentValidator.class)
    @interface Consistent {
        String message() default "the fields of the spec do not fit together";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Reports each problem of {@link SpecRules#check} on the field it names. */
    public static final class ConsistentValidator implements ConstraintValidator<Consistent, JobSpec> {

        @Override
        public boolean isValid(JobSpec spec, ConstraintValidatorContext context) {
            if (spec == null) {
                return true;
            }
            List<FieldProblem> problems;
            try {
                problems = check(spec);
            } catch (RuntimeException e) {
                // a spec whose single fields are broken (a null width) may not resolve; their own constraints
                // report it, and the service checks the rules again once they are fixed
                return true;
            }
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (FieldProblem problem : problems) {
                String[] path = problem.field().split("\\.");
                var builder = context.buildConstraintViolationWithTemplate(escape(problem.message()))
                        .addPropertyNode(path[0]);
                for (int i = 1; i < path.length; i++) {
                    builder = builder.addPropertyNode(path[i]);
                }
                builder.addConstraintViolation();
            }
            return false;
        }

        /** The message as a literal, not a message template. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
