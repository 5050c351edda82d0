package io.mlplab.job;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;

/** No job has this id: it never existed, was deleted, or was forgotten after it finished. */
class JobNotFoundException extends ApiException {

    private JobNotFoundException(String message) {
        super(message);
    }

    public static JobNotFoundException forId(String id) {
        return new JobNotFoundException("No job with id '" + id + "' is known here; it may have been deleted or "
                + "forgotten after it finished.");
    }

    @Override
    public ProblemType type() {
        return ProblemType.JOB_NOT_FOUND;
    }
}
