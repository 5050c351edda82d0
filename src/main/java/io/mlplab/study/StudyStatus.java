package io.mlplab.study;

/**
 * Where a study is. It moves forward only: QUEUED (no member handed to a worker yet) → RUNNING → one
 * terminal status once every member has ended: SUCCEEDED (every member succeeded), FAILED (at least one
 * did not, say it diverged or was cancelled on its own) or CANCELLED (the study was cancelled or the server
 * shut down).
 */
public enum StudyStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
