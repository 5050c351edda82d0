package io.mlplab.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Every kind of problem the API answers with, as {@code urn:mlplab:<slug>}, with what the OpenAPI document
 * says about it: a description of the response and the {@code detail} of its example.
 */
public enum ProblemType {
    INVALID_SPEC(HttpStatus.BAD_REQUEST, "invalid-spec", "Invalid job spec",
            "The spec is malformed, invalid or over a limit; `errors` names each field.",
            "The job spec has a problem: model.hiddenLayers[1] must be greater than 0."),
    INVALID_STUDY(HttpStatus.BAD_REQUEST, "invalid-study", "Invalid study",
            "The study is malformed or too large, or one of its members has a bad spec; `errors` names each field "
                    + "and `member` the member's grid point and seed. No job was created.",
            "Study member {model.activation=relu, model.hiddenLayers=[16, 0]} seed 42 has a problem: "
                    + "model.hiddenLayers[1] must be greater than 0."),
    INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
            "A query parameter or a request header (such as `Last-Event-ID`) is not valid; `errors` names it.",
            "Query parameter 'limit' must be from 1 to 500, got 0."),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", "The request is not valid.",
            "The request is not valid."),
    JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", "No job has this id.",
            "No job with id 'abc' is known here; it may have been deleted or forgotten after it finished."),
    STUDY_NOT_FOUND(HttpStatus.NOT_FOUND, "study-not-found", "Study not found", "No study has this id.",
            "No study with id 'abc' is known here; it may have been deleted or forgotten after it finished."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found", "Nothing answers this path.",
            "Nothing here answers GET /api/v1/nothing."),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
            "The resource does not answer this method; see the Allow header.",
            "This resource does not answer PUT; see the Allow header."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
            "The resource cannot answer in a type the request accepts.",
            "This resource answers with application/json only."),
    JOB_ALREADY_FINISHED(HttpStatus.CONFLICT, "job-already-finished", "Job already finished",
            "The job has already ended.", "Job '0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90' has already ended as SUCCEEDED."),
    JOB_NOT_TRAINED(HttpStatus.CONFLICT, "job-not-trained", "Job has no trained model",
            "The job has no weights to answer with: it is queued, it has not finished its first epoch, or it ended "
                    + "without training.",
            "Job '0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90' is QUEUED and has no weights yet: it has not started; ask "
                    + "again once it is RUNNING (GET /api/v1/jobs/0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90)."),
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
            "The body is not valid input for this endpoint; `errors` names each field.",
            "The input has a problem: x[2] has 3 values, but the job's data have 2 features."),
    ANSWER_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "answer-too-large", "Answer too large",
            "The answer would hold more numbers than the server sends in one response.",
            "The job's data are 100000 rows × (8 features + 1 label) = 900000 numbers, more than the 250000 this "
                    + "endpoint sends at once."),
    STUDY_ALREADY_FINISHED(HttpStatus.CONFLICT, "study-already-finished", "Study already finished",
            "Every member of the study has already ended.",
            "Study '5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20' has already ended as SUCCEEDED."),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
            "The body is larger than the server accepts.",
            "The request body is larger than the limit of 1048576 bytes."),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large", "Request headers too large",
            "The request's headers are larger than the server accepts.",
            "The request's headers are larger than the server accepts."),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
            "The body is not `application/json`.", "Send the request body as application/json."),
    QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full", "The queue is full; no job was created.",
            "All workers are busy and the queue of 100 jobs is full; no job was created. Retry later."),
    SHUTTING_DOWN(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down",
            "The server is shutting down; no job was created.",
            "The server is shutting down and accepts no new jobs; no job was created."),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
            "The server cannot answer now.", "The server cannot answer this request now; retry later."),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
            "Something went wrong on the server.",
            "Something went wrong on the server; it has been logged as incident 3f2a9c1d.");

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final String description;
    private final String exampleDetail;

    ProblemType(HttpStatus status, String slug, String title, String description, String exampleDetail) {
        this.status = status;
        this.type = URI.create("urn:mlplab:" + slug);
        this.title = title;
        this.description = description;
        this.exampleDetail = exampleDetail;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** What the OpenAPI document says about a response of this type. */
    String description() {
        return description;
    }

    /** The {@code detail} of the OpenAPI document's example of this type. */
    String exampleDetail() {
        return exampleDetail;
    }

    /** The generic type of a status the framework answers with. */
    static ProblemType forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 431 -> HEADERS_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> status.is4xxClientError() ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }

    ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
