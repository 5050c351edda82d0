package io.mlplab.study;

import io.mlplab.web.ApiException;
import io.mlplab.web.ProblemType;

/** No study has this id: it never existed, was deleted, or was forgotten after it finished. */
public class StudyNotFoundException extends ApiException {

    private StudyNotFoundException(String message) {
        super(message);
    }

    public static StudyNotFoundException forId(String id) {
        return new StudyNotFoundException("No study with id '" + id + "' is known here; it may have been deleted or "
                + "forgotten after it finished.");
    }

    @Override
    public ProblemType type() {
        return ProblemType.STUDY_NOT_FOUND;
    }
}
