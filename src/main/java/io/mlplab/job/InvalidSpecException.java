package io.mlplab.job;

import java.util.List;

/** A spec the server will not run, with every reason. */
public class InvalidSpecException extends RuntimeException {

    private final List<FieldProblem> errors;

    private InvalidSpecException(List<FieldProblem> errors) {
        super("The job spec is not valid: " + errors);
        this.errors = List.copyOf(errors);
    }

    public static InvalidSpecException withErrors(List<FieldProblem> errors) {
        return new InvalidSpecException(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
