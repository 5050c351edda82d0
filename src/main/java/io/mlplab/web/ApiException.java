package io.mlplab.web;

import java.time.Duration;
import java.util.List;

/**
 * A failure that the API answers with a problem of its own {@link #type()}, its message as the
 * {@code detail}: every package's exceptions extend it, so the one error handler needs to know none of them.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message);
    }

    /** The kind of problem, which fixes the status. */
    public abstract ProblemType type();

    /** The fields at fault, answered as the problem's {@code errors}; empty for none. */
    public List<FieldProblem> errors() {
        return List.of();
    }

    /** The wait to send as {@code Retry-After}, or null for none. */
    public Duration retryAfter() {
        return null;
    }
}
