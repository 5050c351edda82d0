package io.mlplab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The errors that never reach a controller, in the API's words. Each layer below the controllers answers
 * {@code application/problem+json} with a {@code urn:mlplab:} type, never the container's HTML page or the
 * framework's default body:
 * <ul>
 *   <li>requests the container refuses before any application code runs (a {@code %00} or {@code ..%2F} in
 *       the path, a raw {@code {}, headers over the limit, no {@code Host}, {@code HTTP/1.2}, an unknown
 *       {@code Transfer-Encoding}): the host's error report valve is {@link ProblemReportValve};</li>
 *   <li>a query string the container cannot decode (a malformed percent-escape, more parameters than it
 *       accepts): {@link QueryCheck}, before any other filter reads a parameter;</li>
 *   <li>an actuator answer with an error status and no body ({@code /actuator/metrics/unknown}):
 *       {@link EmptyErrorBodies};</li>
 *   <li>errors forwarded to {@code /error} (a broken chunked body): {@link ErrorEndpoint}.</li>
 * </ul>
 * {@code TRACE} reaches the framework like any other method (and is never echoed back), so it is a 405 whose
 * {@code Allow} header lists what the resource really answers.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportsFromTheContainer() {
        return new ContainerCustomizer();
    }

    /**
     * The framework's dispatcher, except that {@code TRACE} is handled like any other method: the servlet's
     * default would echo the request back after the handler's 405 (cross-site tracing).
     */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet() {
        return new TraceLikeAnyMethod();
    }

    static final class TraceLikeAnyMethod extends DispatcherServlet {
        @Override
        protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            processRequest(request, response);
        }
    }

    @Bean
    FilterRegistrationBean<QueryCheck> queryCheck() {
        FilterRegistrationBean<QueryCheck> registration = new FilterRegistrationBean<>(new QueryCheck());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<EmptyErrorBodies> emptyErrorBodies() {
        FilterRegistrationBean<EmptyErrorBodies> registration = new FilterRegistrationBean<>(new EmptyErrorBodies());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }

    /** Runs after Boot's own customizer, which installs the container's stock valve. */
    static final class ContainerCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            // TRACE goes to the dispatcher, which answers 405 with the resource's Allow
            factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemReportValve());
                if (host instanceof StandardHost standard) {
                    // or the host adds the stock valve again when it starts
                    standard.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * The container's error page for what it refuses itself, as a problem. A protocol the container does not
     * speak ({@code HTTP/1.2}, {@code Transfer-Encoding: gzip}) is the client's problem, so a 400, not the
     * container's 505 or 501: a 5xx means the server is at fault.
     */
    public static final class ProblemReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String reason = throwable == null || throwable.getMessage() == null ? ""
                    : throwable.getMessage().toLowerCase(Locale.ROOT);
            ProblemType type;
            String detail;
            if (status == 505) {
                type = ProblemType.BAD_REQUEST;
                detail = "This server speaks HTTP/1.0 and HTTP/1.1 only.";
            } else if (status == 501) {
                type = ProblemType.BAD_REQUEST;
                detail = "The request uses a transfer coding this server does not accept; send the body with "
                        + "Content-Length or Transfer-Encoding: chunked.";
            } else if (status == 400 && reason.contains("header") && reason.contains("too large")) {
                type = ProblemType.HEADERS_TOO_LARGE;
                detail = "The request's headers are larger than the server accepts.";
            } else if (status == 400) {
                type = ProblemType.BAD_REQUEST;
                detail = "The request is not valid HTTP: its request line, path or headers are malformed.";
            } else {
                type = ProblemType.forStatus(HttpStatusCode.valueOf(status));
                detail = type == ProblemType.INTERNAL_ERROR ? "Something went wrong on the server."
                        : type.description();
            }
            try {
                response.setStatus(type == ProblemType.INTERNAL_ERROR ? status : type.status().value());
                response.setContentType(MEDIA_TYPE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(problemJson(type, response.getStatus(), detail, null));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone; nothing left to tell the client
            }
        }
    }

    /**
     * Parses the query string before anything else reads a parameter: a malformed percent-escape or more
     * parameters than the container accepts is the client's 400, not an exception in whatever asked first.
     * A malformed {@code Accept} header is a 400 too: no answer could be negotiated for it, not even a problem.
     */
    static final class QueryCheck extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                request.getParameterMap();
            } catch (IllegalStateException e) {
                boolean tooMany = e.getMessage() != null && e.getMessage().contains("maximum number");
                String message = tooMany ? "has more parameters than the server accepts (1000)"
                        : "is not validly percent-encoded";
                boolean form = request.getContentType() != null
                        && request.getContentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
                String where = form ? "(form)" : "(query)";
                String json = problemJson(ProblemType.INVALID_PARAMETER, 400,
                        (form ? "The form body " : "The query string ") + message + ".", request.getRequestURI(),
                        "{\"field\":\"" + where + "\",\"message\":\"" + message + "\"}");
                write(response, 400, json);
                return;
            }
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            if (accept != null) {
                try {
                    MediaType.parseMediaTypes(accept);
                } catch (InvalidMediaTypeException e) {
                    write(response, 400, problemJson(ProblemType.BAD_REQUEST, 400,
                            "The Accept header is not a list of media types.", request.getRequestURI()));
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * An actuator answer with an error status and no body ({@code /actuator/metrics/unknown} is a bare 404)
     * gets the problem body of its status. The wrapper holds back the flush of an empty error answer until the
     * actuator has finished, so the body can still be written.
     */
    static final class EmptyErrorBodies extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            BodyWatch watch = new BodyWatch(response);
            chain.doFilter(request, watch);
            int status = watch.getStatus();
            if (status >= 400 && !watch.bodyWritten && !response.isCommitted() && !request.isAsyncStarted()) {
                ProblemType type = ProblemType.forStatus(HttpStatusCode.valueOf(status));
                String detail = switch (type) {
                    case NOT_FOUND -> "Nothing here answers " + request.getMethod() + " " + request.getRequestURI() + ".";
                    case METHOD_NOT_ALLOWED -> "This resource does not answer " + request.getMethod()
                            + "; see the Allow header.";
                    case INTERNAL_ERROR -> "Something went wrong on the server.";
                    default -> type.description();
                };
                write(response, status, problemJson(type, status, detail, request.getRequestURI()));
            } else if (watch.flushHeld && !response.isCommitted()) {
                response.flushBuffer();
            }
        }
    }

    /** Notes whether a body was started, and holds back a flush of an error answer that has none. */
    private static final class BodyWatch extends HttpServletResponseWrapper {
        boolean bodyWritten;
        boolean flushHeld;

        BodyWatch(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyWritten = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyWritten = true;
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!bodyWritten && getStatus() >= 400) {
                flushHeld = true;
                return;
            }
            super.flushBuffer();
        }
    }

    static final String MEDIA_TYPE = "application/problem+json";

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** A problem body as the API's handler writes it; {@code errors} is raw JSON items, or none. */
    static String problemJson(ProblemType type, int status, String detail, String instance, String... errors) {
        StringBuilder json = new StringBuilder("{\"detail\":").append(quote(detail));
        if (instance != null) {
            json.append(",\"instance\":").append(quote(instance));
        }
        json.append(",\"status\":").append(status)
                .append(",\"title\":").append(quote(title(type, status)))
                .append(",\"type\":").append(quote(type.type().toString()));
        if (errors.length > 0) {
            json.append(",\"errors\":[").append(String.join(",", errors)).append(']');
        }
        return json.append('}').toString();
    }

    private static String title(ProblemType type, int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return status == type.status().value() || known == null ? type.title() : known.getReasonPhrase();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
