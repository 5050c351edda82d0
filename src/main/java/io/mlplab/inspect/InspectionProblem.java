package io.mlplab.inspect;

import io.mlplab.web.ApiException;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.ProblemType;
import java.util.List;

/** Why a job's data, model or predictions cannot be answered: no final weights (409), bad input (400), too big (413). */
class InspectionProblem extends ApiException {

    private final ProblemType type;
    private final List<FieldProblem> errors;

    private InspectionProblem(ProblemType type, String message, List<FieldProblem> errors) {
        super(message);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    static InspectionProblem notTrained(String id, String status) {
        return new InspectionProblem(ProblemType.JOB_NOT_TRAINED, "Job '" + id + "' is " + status + " and has no "
                + "final weights" + (status.equals("QUEUED") || status.equals("RUNNING")
                ? " yet; wait until it has ended (GET /api/v1/jobs/" + id + "?wait=30)."
                : "; it ended before it trained."), List.of());
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
