package io.mlplab.job;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;
import java.time.Duration;

/** The server is shutting down and takes no new jobs. */
class ShuttingDownException extends ApiException {

    private final Duration retryAfter;

    private ShuttingDownException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static ShuttingDownException retryAfter(Duration retryAfter) {
        return new ShuttingDownException("The server is shutting down and accepts no new jobs; no job was created.",
                retryAfter);
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ProblemType type() {
        return ProblemType.SHUTTING_DOWN;
    }
}
