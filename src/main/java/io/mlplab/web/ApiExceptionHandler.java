package io.mlplab.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457) with a stable {@code type} URN, a
 * {@code title}, the {@code status}, a {@code detail} in plain words and, when a request was rejected, an
 * {@code errors} list of {@code {field, message}}. No stack trace, exception class or library name ever
 * reaches a client: messages are written here, and an unexpected failure is logged under an incident id
 * that the answer quotes.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    // --- the service's exceptions ----------------------------------------------------------------------

    @ExceptionHandler
    ResponseEntity<Object> invalidSpec(InvalidSpecException e) {
        ProblemDetail problem = invalid(e.type(), e.subject(), e.errors());
        if (e.member() != null) {
            problem.setProperty("member", e.member());
        }
        return answer(problem);
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidParameter(InvalidParameterException e) {
        return answer(invalidParameter(e.kind(), e.parameter(), e.getMessage()));
    }

    /** Every other exception of the API: its type and its message, and {@code Retry-After} if it has one. */
    @ExceptionHandler
    ResponseEntity<Object> apiException(ApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.type().status());
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        ProblemDetail problem = e.type().problem(e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return answer.body(problem);
    }

    /**
     * Anything else is a bug: log it in full, answer with an incident id only. A client that went away while
     * its answer was written is not a fault of the server: nothing can be answered, and nothing is logged as
     * an error.
     */
    @ExceptionHandler
    ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("The client of {} went away: {}", describe(request), e.toString());
            return null;
        }
        return answer(internalError(e, request));
    }

    // --- the framework's exceptions --------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (cause(e, BodyTooLargeException.class) instanceof BodyTooLargeException tooLarge) {
            return answer(ProblemType.BODY_TOO_LARGE.problem(tooLarge.getMessage()));
        }
        if (cause(e, BodySizeLimit.NotUtf8.class) instanceof BodySizeLimit.NotUtf8 notUtf8) {
            return answer(invalidSpec(List.of(new FieldProblem(JsonProblems.BODY, notUtf8.getMessage()))));
        }
        FieldProblem problem = cause(e, JacksonException.class) instanceof JacksonException json
                ? JsonProblems.describe(json)
                : new FieldProblem(JsonProblems.BODY, "a JSON object is required; send {} for the seed's experiment");
        return answer(studies(request) ? invalid(ProblemType.INVALID_STUDY, "The study", List.of(problem))
                : invalidSpec(List.of(problem)));
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
        return answer(invalidParameter("Query parameter", parameter, "must be " + expected));
    }

    /** The funnel of every other framework exception: keep its status and headers, use our types and words. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("The client of {} went away: {}", describe(request), e.toString());
            return null;
        }
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
        return invalid(ProblemType.INVALID_SPEC, "The job spec", errors);
    }

    private static ProblemDetail invalid(ProblemType type, String subject, List<FieldProblem> errors) {
        List<FieldProblem> sorted = errors.stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
        ProblemDetail problem = type.problem(sorted.size() == 1
                ? subject + " has a problem: " + sorted.get(0).field() + " " + sorted.get(0).message() + "."
                : subject + " has " + sorted.size() + " problems; see errors.");
        problem.setProperty("errors", sorted);
        return problem;
    }

    /** @param kind "Query parameter" or "Header" */
    private static ProblemDetail invalidParameter(String kind, String parameter, String message) {
        ProblemDetail problem = ProblemType.INVALID_PARAMETER.problem(kind + " '" + parameter + "' " + message + ".");
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

    /** Whether the request is for the studies resource, whose body is a study rather than a job spec. */
    private static boolean studies(WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return servlet != null && servlet.getRequestURI().startsWith("/api/v1/studies");
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
