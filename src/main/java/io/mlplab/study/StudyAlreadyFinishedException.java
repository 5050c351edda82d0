package io.mlplab.study;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;

/** A cancel of a study whose members have all ended. */
class StudyAlreadyFinishedException extends ApiException {

    private StudyAlreadyFinishedException(String message) {
        super(message);
    }

    static StudyAlreadyFinishedException forStudy(Study.Snapshot study) {
        return new StudyAlreadyFinishedException("Study '" + study.id() + "' has already ended as " + study.status()
                + ".");
    }

    @Override
    public ProblemType type() {
        return ProblemType.STUDY_ALREADY_FINISHED;
    }
}
