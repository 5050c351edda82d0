package io.mlplab.job;

import java.time.Duration;

/** The server is shutting down and takes no new jobs. */
public class ShuttingDownException extends RuntimeException {

    private final Duration retryAfter;

    private ShuttingDownException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static ShuttingDownException retryAfter(Duration retryAfter) {
        return new ShuttingDownException("The server is shutting down and accepts no new jobs; no job was created.",
                retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
