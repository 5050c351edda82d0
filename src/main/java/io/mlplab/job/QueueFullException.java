package io.mlplab.job;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;
import java.time.Duration;

/** Every worker is busy and the queue is full; nothing was created. */
class QueueFullException extends ApiException {

    private final Duration retryAfter;

    private QueueFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static QueueFullException withCapacity(int capacity, Duration retryAfter) {
        return new QueueFullException("All workers are busy and the queue of " + capacity + " jobs is full; no job "
                + "was created. Retry later.", retryAfter);
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ProblemType type() {
        return ProblemType.QUEUE_FULL;
    }
}
