package io.mlplab.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page, {@code /error}: an error the container forwards here (a broken chunked body,
 * an exception outside the controllers) is answered as a problem of its status, in place of the framework's
 * default body. Asked for directly, {@code /error} is a path like any other that nothing answers: 404. It is
 * no part of the API, so the OpenAPI document leaves it out.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorEndpoint.class);

    @RequestMapping(path = "${server.error.path:${error.path:/error}}",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String forwarded ? forwarded : request.getRequestURI();
        ProblemDetail problem;
        if (!(code instanceof Integer status) || status < 400) {
            problem = ProblemType.NOT_FOUND.problem("Nothing here answers " + request.getMethod() + " " + path + ".");
        } else {
            ProblemType type = ProblemType.forStatus(HttpStatusCode.valueOf(status));
            String detail = switch (type) {
                case NOT_FOUND -> "Nothing here answers " + request.getMethod() + " " + path + ".";
                case METHOD_NOT_ALLOWED -> "This resource does not answer " + request.getMethod()
                        + "; see the Allow header.";
                case BAD_REQUEST -> "The request is not valid: its body or headers could not be read as sent.";
                case INTERNAL_ERROR -> internalError(request, path);
                default -> type.description();
            };
            problem = type.problem(detail);
            problem.setStatus(status);
        }
        problem.setInstance(java.net.URI.create(safe(path)));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String internalError(HttpServletRequest request, String path) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        log.error("Unexpected error answering {} {} (incident {})", request.getMethod(), path, incident,
                exception instanceof Throwable t ? t : null);
        return "Something went wrong on the server; it has been logged as incident " + incident + ".";
    }

    /** The path as a relative URI reference, with anything a URI may not hold percent-encoded. */
    private static String safe(String path) {
        StringBuilder safe = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}%".indexOf(c) < 0) {
                safe.append((char) c);
            } else {
                safe.append('%').append(String.format("%02X", c));
            }
        }
        return safe.toString();
    }
}
