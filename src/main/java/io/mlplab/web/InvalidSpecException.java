package io.mlplab.web;

import java.util.List;

/**
 * A spec the server will not run, with every reason; answered with 400 and an {@code errors} list. For a
 * study, the problem is of type {@link ProblemType#INVALID_STUDY}; when one of its members is at fault, the
 * answer names that member (its grid point and seed) in {@code member} and in the detail.
 */
public class InvalidSpecException extends ApiException {

    private final List<FieldProblem> errors;
    private final ProblemType type;
    private final String subject;
    private final Object member;

    private InvalidSpecException(ProblemType type, String subject, Object member, List<FieldProblem> errors) {
        super(subject + " is not valid: " + errors);
        this.errors = List.copyOf(errors);
        this.type = type;
        this.subject = subject;
        this.member = member;
    }

    public static InvalidSpecException withErrors(List<FieldProblem> errors) {
        return new InvalidSpecException(ProblemType.INVALID_SPEC, "The job spec", null, errors);
    }

    /** A study whose own fields ({@code grid}, {@code seeds}, {@code preset}, ...) are at fault. */
    public static InvalidSpecException forStudy(List<FieldProblem> errors) {
        return new InvalidSpecException(ProblemType.INVALID_STUDY, "The study", null, errors);
    }

    /**
     * A study whose member {@code label} has a bad spec; {@code member} is written as the problem's
     * {@code member} property (its grid point and seed), {@code errors} name fields of the member's spec.
     */
    public static InvalidSpecException forStudyMember(String label, Object member, List<FieldProblem> errors) {
        return new InvalidSpecException(ProblemType.INVALID_STUDY, "Study member " + label, member, errors);
    }

    @Override
    public ProblemType type() {
        return type;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** What has the problem, as the detail starts: "The job spec", "The study", "Study member …". */
    String subject() {
        return subject;
    }

    /** The member at fault, or null. */
    Object member() {
        return member;
    }
}
