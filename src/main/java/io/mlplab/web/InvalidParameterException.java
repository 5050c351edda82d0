package io.mlplab.web;

/** A query parameter or request header with a value the endpoint does not accept. */
public class InvalidParameterException extends ApiException {

    private final String parameter;
    /** How the problem's detail names it: "Query parameter" or "Header". */
    private final String kind;

    private InvalidParameterException(String kind, String parameter, String message) {
        super(message);
        this.kind = kind;
        this.parameter = parameter;
    }

    /** {@code message} says what is wrong with {@code parameter}, e.g. "must be between 1 and 500". */
    public static InvalidParameterException forParameter(String parameter, String message) {
        return new InvalidParameterException("Query parameter", parameter, message);
    }

    /** {@code message} says what is wrong with the request header {@code header}. */
    public static InvalidParameterException forHeader(String header, String message) {
        return new InvalidParameterException("Header", header, message);
    }

    @Override
    public ProblemType type() {
        return ProblemType.INVALID_PARAMETER;
    }

    public String parameter() {
        return parameter;
    }

    /** "Query parameter" or "Header", as the problem's detail names the culprit. */
    public String kind() {
        return kind;
    }
}
