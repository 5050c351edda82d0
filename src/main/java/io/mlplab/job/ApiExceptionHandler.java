package io.mlplab.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457) with a stable {@code type} URN, a
 * {@code title}, the {@code status}, a {@code detail} in plain words and, when a request was rejected, an
 * {@code errors} list of {@code {field, message}}. No stack trace, exception class or library name ever
 * reaches a client: messages are written here, and an unexpected failure is logged under an incident id
 * that the answer quotes.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** Every kind of problem the API answers with, as {@code urn:mlplab:<slug>}. */
    enum ProblemType {
        INVALID_SPEC(HttpStatus.BAD_REQUEST, "invalid-spec", "Invalid job spec"),
        INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid query parameter"),
        BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "Bad request"),
        JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "job-not-found", "Job not found"),
        NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
        METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
        NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
        JOB_ALREADY_FINISHED(HttpStatus.CONFLICT, "job-already-finished", "Job already finished"),
        BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large"),
        UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
        QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full"),
        SHUTTING_DOWN(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down"),
        UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
        INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

        final HttpStatus status;
        final URI type;
        final String title;

        ProblemType(HttpStatus status, String slug, String title) {
            this.status = status;
            this.type = URI.create("urn:mlplab:" + slug);
            this.title = title;
        }

        /** The generic type of a status the framework answers with. */
        static ProblemType forStatus(HttpStatusCode status) {
            return switch (status.value()) {
                case 404 -> NOT_FOUND;
                case 405 -> METHOD_NOT_ALLOWED;
                case 406 -> NOT_ACCEPTABLE;
                case 413 -> BODY_TOO_LARGE;
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

    // --- the service's exceptions ----------------------------------------------------------------------

    @ExceptionHandler
    ResponseEntity<Object> jobNotFound(JobNotFoundException e) {
        return answer(ProblemType.JOB_NOT_FOUND.problem(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Object> jobAlreadyFinished(JobAlreadyFinishedException e) {
        return answer(ProblemType.JOB_ALREADY_FINISHED.problem(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidSpec(InvalidSpecException e) {
        return answer(invalidSpec(e.errors()));
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidParameter(InvalidParameterException e) {
        return answer(invalidParameter(e.parameter(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Object> queueFull(QueueFullException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(ProblemType.QUEUE_FULL.problem(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Object> shuttingDown(ShuttingDownException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(ProblemType.SHUTTING_DOWN.problem(e.getMessage()));
    }

    /** Anything else is a bug: log it in full, answer with an incident id only. */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
        return answer(internalError(e, request));
    }

    // --- the framework's exceptions --------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (cause(e, BodyTooLargeException.class) instanceof BodyTooLargeException tooLarge) {
            return answer(ProblemType.BODY_TOO_LARGE.problem(tooLarge.getMessage()));
        }
        FieldProblem problem = cause(e, JacksonException.class) instanceof JacksonException json
                ? JsonProblems.describe(json)
                : new FieldProblem(JsonProblems.BODY, "a JSON object is required; send {} for the seed's experiment");
        return answer(invalidSpec(List.of(problem)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ObjectError error : e.getBindingResult().getAllErrors()) {
            String field = error instanceof FieldError fieldError ? fieldError.getField() : JsonProblems.BODY;
            errors.add(new FieldProblem(field, error.getDefaultMessage()));
        }
        return answer(invalidSpec(errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String parameter = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == Integer.class || type == int.class || type == Long.class ? "a whole number"
                : "a valid value";
        return answer(invalidParameter(parameter, "must be " + expected));
    }

    /** The funnel of every other framework exception: keep its status and headers, use our types and words. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (type) {
            case NOT_FOUND -> "Nothing here answers " + describe(request) + ".";
            case METHOD_NOT_ALLOWED -> "This resource does not answer " + method(request) + "; see the Allow header.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the request body as application/json.";
            case NOT_ACCEPTABLE -> "This resource answers with application/json only.";
            case UNAVAILABLE -> "The server cannot answer this request now; retry later.";
            case INTERNAL_ERROR -> null;
            default -> body instanceof ProblemDetail problem && problem.getDetail() != null
                    ? problem.getDetail() : "The request is not valid.";
        };
        ProblemDetail problem = detail == null ? internalError(e, request) : type.problem(detail);
        problem.setStatus(status.value());
        return super.handleExceptionInternal(e, problem, headers, status, request);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static ProblemDetail invalidSpec(List<FieldProblem> errors) {
        List<FieldProblem> sorted = errors.stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
        ProblemDetail problem = ProblemType.INVALID_SPEC.problem(sorted.size() == 1
                ? "The job spec has a problem: " + sorted.get(0).field() + " " + sorted.get(0).message() + "."
                : "The job spec has " + sorted.size() + " problems; see errors.");
        problem.setProperty("errors", sorted);
        return problem;
    }

    private static ProblemDetail invalidParameter(String parameter, String message) {
        ProblemDetail problem = ProblemType.INVALID_PARAMETER.problem(
                "Query parameter '" + parameter + "' " + message + ".");
        problem.setProperty("errors", List.of(new FieldProblem(parameter, message)));
        return problem;
    }

    private static ProblemDetail internalError(Exception e, WebRequest request) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        log.error("Unexpected error answering {} (incident {})", describe(request), incident, e);
        return ProblemType.INTERNAL_ERROR.problem(
                "Something went wrong on the server; it has been logged as incident " + incident + ".");
    }

    private static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static String method(WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return servlet == null ? "this method" : servlet.getMethod();
    }

    private static String describe(WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return servlet == null ? "this request" : servlet.getMethod() + " " + servlet.getRequestURI();
    }
}
