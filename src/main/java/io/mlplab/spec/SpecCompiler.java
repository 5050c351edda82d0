package io.mlplab.spec;

import io.mlplab.training.Experiment;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.InvalidSpecException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The one compile step from a spec as a client wrote it to the engine's {@link Experiment}: it checks the
 * single fields (their annotations), resolves the defaults once, checks the rules between fields once, maps
 * once, checks the engine's rules ({@link Experiment#problems}) once and then the configured limits
 * ({@link SpecLimits}). The HTTP edge, the job service and the tests all compile through here.
 */
@Component
public class SpecCompiler {

    private final Validator validator;
    private final SpecLimits limits;

    public SpecCompiler(Validator validator, SpecLimits limits) {
        this.validator = validator;
        this.limits = limits;
    }

    /**
     * The spec resolved and compiled.
     *
     * @throws InvalidSpecException with every problem found, each naming its field
     */
    public CompiledSpec compile(JobSpec request) {
        return compile(request, true);
    }

    /**
     * A spec that was accepted before, as a job echoes it, compiled again to the same experiment: a shared
     * job store reads its jobs back this way. The limits are not checked again: they were when the job was
     * accepted, possibly by another replica with other limits, and a job once accepted stays runnable.
     *
     * @throws InvalidSpecException if the spec no longer compiles at all
     */
    public CompiledSpec compileAccepted(JobSpec accepted) {
        return compile(accepted, false);
    }

    private CompiledSpec compile(JobSpec request, boolean checkLimits) {
        List<FieldProblem> problems = new ArrayList<>(fieldProblems(request));
        CompiledSpec compiled = null;
        try {
            JobSpec spec = request.resolve();
            List<FieldProblem> rules = SpecRules.check(request, spec);
            Experiment experiment = null;
            if (rules.isEmpty()) {
                experiment = new Experiment(spec.seed(),
                        new Experiment.Data(spec.data().generator(), spec.data().testFraction(),
                                spec.data().standardize(), spec.data().labelNoiseOrZero()),
                        spec.model().engine(), spec.training().engine(), spec.diagnostics().engine());
                for (Experiment.Problem problem : experiment.problems(spec.data().classCount(),
                        spec.data().inputs())) {
                    rules.add(new FieldProblem(problem.field(), problem.message()));
                }
            }
            addNew(problems, rules);
            if (problems.isEmpty()) {
                compiled = new CompiledSpec(spec, experiment);
                if (checkLimits) {
                    problems.addAll(limits.check(compiled));
                }
            }
        } catch (RuntimeException e) {
            // a spec whose single fields are broken (a null width) may not resolve or map; their own problems
            // say what to fix
            if (problems.isEmpty()) {
                throw e;
            }
        }
        if (!problems.isEmpty()) {
            throw InvalidSpecException.withErrors(problems);
        }
        return compiled;
    }

    private List<FieldProblem> fieldProblems(JobSpec request) {
        Set<ConstraintViolation<JobSpec>> violations = validator.validate(request);
        List<FieldProblem> problems = new ArrayList<>();
        for (ConstraintViolation<JobSpec> violation : violations) {
            problems.add(new FieldProblem(field(violation.getPropertyPath()), violation.getMessage()));
        }
        return problems;
    }

    /** {@code model.hiddenLayers[1]}, {@code model.layers[3].units}: the path as the body spells it. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "(body)" : field.toString();
    }

    private static void addNew(List<FieldProblem> problems, List<FieldProblem> more) {
        for (FieldProblem problem : more) {
            if (problems.stream().noneMatch(p -> p.field().equals(problem.field()))) {
                problems.add(problem);
            }
        }
    }
}
