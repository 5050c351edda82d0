package io.mlplab.inspect;

import io.mlplab.job.JobStatus;
import io.mlplab.web.ApiException;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.ProblemType;
import java.util.List;

/** Why a job's data, model or predictions cannot be answered: no weights yet (409), bad input (400), too big (413). */
class InspectionProblem extends ApiException {

    private final ProblemType type;
    private final List<FieldProblem> errors;

    private InspectionProblem(ProblemType type, String message, List<FieldProblem> errors) {
        super(message);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    static InspectionProblem notTrained(String id, JobStatus status) {
        String why = switch (status) {
            case QUEUED -> "has no weights yet: it has not started; ask again once it is RUNNING (GET /api/v1/jobs/"
                    + id + ")";
            case RUNNING -> "has no weights yet: it has not finished its first epoch; ask again in a moment";
            default -> "has no weights: it ended before it trained";
        };
        return new InspectionProblem(ProblemType.JOB_NOT_TRAINED, "Job '" + id + "' is " + status + " and " + why + ".",
                List.of());
    }

    /** Bad input; the detail quotes the first problem, {@code errors} lists them all. */
    static InspectionProblem invalidInput(List<FieldProblem> errors) {
        FieldProblem first = errors.get(0);
        String detail = errors.size() == 1 ? "The input has a problem: " + first.field() + " " + first.message() + "."
                : "The input has " + errors.size() + " problems; see errors.";
        return new InspectionProblem(ProblemType.INVALID_INPUT, detail, errors);
    }

    static InspectionProblem tooLarge(String message) {
        return new InspectionProblem(ProblemType.ANSWER_TOO_LARGE, message, List.of());
    }

    @Override
    public ProblemType type() {
        return type;
    }

    @Override
    public List<FieldProblem> errors() {
        return errors;
    }
}
