package io.mlplab.web;

import java.util.List;

/** A spec the server will not run, with every reason; answered with 400 and an {@code errors} list. */
public class InvalidSpecException extends ApiException {

    private final List<FieldProblem> errors;

    private InvalidSpecException(List<FieldProblem> errors) {
        super("The job spec is not valid: " + errors);
        this.errors = List.copyOf(errors);
    }

    public static InvalidSpecException withErrors(List<FieldProblem> errors) {
        return new InvalidSpecException(errors);
    }

    @Override
    public ProblemType type() {
        return ProblemType.INVALID_SPEC;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
