package io.mlplab.web;

/** A query parameter with a value the endpoint does not accept. */
public class InvalidParameterException extends ApiException {

    private final String parameter;

    private InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** {@code message} says what is wrong with {@code parameter}, e.g. "must be between 1 and 500". */
    public static InvalidParameterException forParameter(String parameter, String message) {
        return new InvalidParameterException(parameter, message);
    }

    @Override
    public ProblemType type() {
        return ProblemType.INVALID_PARAMETER;
    }

    public String parameter() {
        return parameter;
    }
}
