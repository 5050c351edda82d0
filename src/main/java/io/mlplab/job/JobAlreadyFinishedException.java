package io.mlplab.job;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;

/** A cancel of a job that has already ended. */
class JobAlreadyFinishedException extends ApiException {

    private JobAlreadyFinishedException(String message) {
        super(message);
    }

    public static JobAlreadyFinishedException forJob(Job.Snapshot job) {
        return new JobAlreadyFinishedException("Job '" + job.id() + "' has already ended as " + job.status() + ".");
    }

    @Override
    public ProblemType type() {
        return ProblemType.JOB_ALREADY_FINISHED;
    }
}
