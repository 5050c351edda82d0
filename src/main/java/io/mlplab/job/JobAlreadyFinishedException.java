package io.mlplab.job;

/** A cancel of a job that has already ended. */
public class JobAlreadyFinishedException extends RuntimeException {

    private JobAlreadyFinishedException(String message) {
        super(message);
    }

    public static JobAlreadyFinishedException forJob(Job.Snapshot job) {
        return new JobAlreadyFinishedException("Job '" + job.id() + "' has already ended as " + job.status() + ".");
    }
}
