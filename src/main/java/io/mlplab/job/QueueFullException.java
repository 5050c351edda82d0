package io.mlplab.job;

import java.time.Duration;

/** Every worker is busy and the queue is full; nothing was created. */
public class QueueFullException extends RuntimeException {

    private final Duration retryAfter;

    private QueueFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static QueueFullException withCapacity(int capacity, Duration retryAfter) {
        return new QueueFullException("All workers are busy and the queue of " + capacity + " jobs is full; no job "
                + "was created. Retry later.", retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
