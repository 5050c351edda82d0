package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP edge below the controllers, over raw sockets: what an HTTP client library would refuse to send or
 * would normalize. Every answer is a problem of the API's own types, with the right status and no 5xx; the
 * battery (tools/battery) sends a few hundred more of these.
 */
class EdgeTests extends ApiTestSupport {

    /** One raw exchange: the status and headers as sent, the body decoded from its framing. */
    record Raw(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        JsonNode problem(int expectedStatus, String slug) {
            return Problems.assertProblem(status, header("Content-Type"), body, expectedStatus, slug);
        }
    }

    Raw raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String head = text.substring(0, end);
            String rest = text.substring(end + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            String body = chunked ? dechunk(rest) : rest;
            return new Raw(status, head, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    Raw raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, line).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, line + 2, line + 2 + size);
            at = line + 2 + size + 2;
        }
    }

    static String get(String path, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers)
                + "Connection: close\r\n\r\n";
    }

    static byte[] post(byte[] body, String... headers) {
        String head = "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + String.join("", headers) + "Connection: close\r\n\r\n";
        byte[] start = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET /api/v1/jobs/%00 HTTP/1.1                     | 400 | bad-request
            GET /api/v1/jobs/..%2F HTTP/1.1                   | 400 | bad-request
            GET /api/v1/jobs/{ HTTP/1.1                       | 400 | bad-request
            GET /api/v1/jobs HTTP/1.2                         | 400 | bad-request
            GET /api/v1/jobs HTTP/2.0                         | 400 | bad-request
            """)
    void requestLinesTheContainerRefusesAreProblems(String line, int status, String slug) throws IOException {
        raw(line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").problem(status, slug);
    }

    @Test
    void headersTheContainerRefusesAreProblems() throws IOException {
        raw(get("/api/v1/jobs", "X-Big: " + "a".repeat(9000) + "\r\n")).problem(431, "headers-too-large");
        raw("GET /api/v1/jobs HTTP/1.1\r\nConnection: close\r\n\r\n").problem(400, "bad-request");
        raw("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}").problem(400, "bad-request");
    }

    @Test
    void aMalformedChunkedBodyIsAProblem() throws IOException {
        raw("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")
                .problem(400, "bad-request");
    }

    @Test
    void aQueryStringThatCannotBeDecodedIsAClientError() throws IOException {
        JsonNode problem = raw(get("/actuator/health?x=%ZZ")).problem(400, "invalid-parameter");
        Problems.error(problem, "(query)");
        String many = IntStream.range(0, 1001).mapToObj(i -> "a" + i + "=1").collect(Collectors.joining("&"));
        Problems.error(raw(get("/api/v1/jobs?" + many)).problem(400, "invalid-parameter"), "(query)");
        assertThat(raw(get("/api/v1/jobs?" + many.substring(0, many.lastIndexOf('&')))).status()).isEqualTo(200);
    }

    @Test
    void traceIsRefusedWithTheResourcesOwnAllowHeaderAndIsNotEchoed() throws IOException {
        Raw trace = raw("TRACE /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nX-Secret: s3cr3t\r\nConnection: close\r\n\r\n");
        trace.problem(405, "method-not-allowed");
        assertThat(trace.header("Allow")).contains("GET", "POST").doesNotContain("PUT", "DELETE", "TRACE");
        assertThat(trace.body()).doesNotContain("s3cr3t").doesNotContain("TRACE /api");
    }

    /** Nothing takes PATCH, so OPTIONS answers name the methods in Allow and send no (empty) Accept-Patch. */
    @Test
    void optionsNamesTheMethodsAndOffersNoPatch() throws IOException {
        for (String path : List.of("/api/v1/jobs", "/api/v1/jobs/some-id", "/api/v1/studies")) {
            Raw options = raw("OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(options.status()).as(path).isEqualTo(200);
            assertThat(options.header("Allow")).as(path).contains("GET").doesNotContain("PATCH");
            assertThat(options.header("Accept-Patch")).as(path).isNull();
        }
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws IOException {
        raw(get("/error")).problem(404, "not-found");
    }

    @Test
    void anActuatorErrorWithoutABodyGetsAProblem() throws IOException {
        raw(get("/actuator/metrics/unknown")).problem(404, "not-found");
    }

    @Test
    void multipartIsAnUnsupportedMediaTypeEvenWhenMalformed() throws IOException {
        raw("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=zz\r\n"
                + "Content-Length: 10\r\nConnection: close\r\n\r\n--zz\r\nfoo\r\n").problem(415, "unsupported-media-type");
    }

    @Test
    void aMalformedAcceptHeaderIsABadRequest() throws IOException {
        raw(get("/api/v1/jobs", "Accept: ;;;\r\n")).problem(400, "bad-request");
    }

    @ParameterizedTest(name = "{0} is refused on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model":{"activation":1}}                 | model.activation
            {"model":{"activation":"1"}}               | model.activation
            {"model":{"activation":"relu "}}           | model.activation
            {"model":{"activation":" relu"}}           | model.activation
            {"model":{"activation":"RELU"}}            | model.activation
            {"model":{"outputActivation":0}}           | model.outputActivation
            {"training":{"loss":2}}                    | training.loss
            {"training":{"loss":"MSE"}}                | training.loss
            {"training":{"earlyStopping":{"monitor":0}}} | training.earlyStopping.monitor
            {"training":{"optimizer":{"type":"adam "}}} | training.optimizer.type
            {"model":{"init":{"scheme":1}}}            | model.init.scheme
            """)
    void enumsAreReadByTheirExactNameOnly(String spec, String field) {
        Problems.error(http().post("/api/v1/jobs", spec).problem(400, "invalid-spec"), field);
    }

    @Test
    void aBodyMustBeStrictUtf8() throws IOException {
        // C0 AF is an overlong "/": a lenient decoder reads it, a strict one refuses it
        byte[] overlong = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        Problems.error(raw(post(overlong)).problem(400, "invalid-spec"), "(body)");
        byte[] surrogate = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        Problems.error(raw(post(surrogate)).problem(400, "invalid-spec"), "(body)");
        // {} in UTF-32LE is valid UTF-8 byte by byte; the JSON reader would detect UTF-32 and read it
        Problems.error(raw(post("{}".getBytes(java.nio.charset.Charset.forName("UTF-32LE")))).problem(400,
                "invalid-spec"), "(body)");
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16LE);
        String declared = "POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json; "
                + "charset=UTF-16LE\r\nContent-Length: " + utf16.length + "\r\nConnection: close\r\n\r\n";
        byte[] request = new byte[declared.length() + utf16.length];
        System.arraycopy(declared.getBytes(StandardCharsets.ISO_8859_1), 0, request, 0, declared.length());
        System.arraycopy(utf16, 0, request, declared.length(), utf16.length);
        raw(request).problem(415, "unsupported-media-type");
    }

    @Test
    void validUtf8NamesAreKeptAsSent() {
        String id = http().submit("{\"name\":\"名前 🧪\",\"training\":{\"epochs\":1}}");
        assertThat(http().get("/api/v1/jobs/" + id).json().path("name").asString()).isEqualTo("名前 🧪");
        http().delete("/api/v1/jobs/" + id);
    }
}
