package io.mlplab.job;

/** Where a job is in its life. It only moves forward: QUEUED → RUNNING → one terminal status. */
public enum JobStatus {
    /** Accepted and waiting for a worker. */
    QUEUED,
    /** A worker is training it. */
    RUNNING,
    /** Every epoch ran. */
    SUCCEEDED,
    /** Stopped by an error: see the job's {@code error}. */
    FAILED,
    /** Cancelled by a client, or by the server shutting down (error code SHUTDOWN). */
    CANCELLED;

    public boolean isTerminal() {
        return this.compareTo(SUCCEEDED) >= 0;
    }
}
