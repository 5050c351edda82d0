package io.mlplab.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A small client for tests that go through real HTTP (the job and study tests share it). */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return Problems.JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode problem(int expectedStatus, String slug) {
            return Problems.assertProblem(status, header("Content-Type"), body, expectedStatus, slug);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
    }

    public Response get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a spec and returns the new job's id. */
    public String submit(String spec) {
        Response response = post("/api/v1/jobs", spec);
        if (response.status() != 202) {
            throw new AssertionError("submit answered " + response.status() + ": " + response.body());
        }
        return response.json().path("id").asString();
    }

    /** Long-polls until the job has ended. */
    public JsonNode awaitEnd(String id) {
        for (int i = 0; i < 10; i++) {
            JsonNode job = get("/api/v1/jobs/" + id + "?wait=30").json();
            if (JobStatus.valueOf(job.path("status").asString()).isTerminal()) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " did not end");
    }
}
