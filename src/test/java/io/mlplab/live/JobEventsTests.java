package io.mlplab.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/jobs/{id}/events} through real HTTP: every epoch exactly once across reconnects, a
 * finished job's history in one event, problems for bad requests, and a client that stops reading holds
 * up neither the training nor anyone else's stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobEventsTests {

    /** About 100 s of training if nothing stops it. */
    private static final String LONG = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"},"
            + "\"training\":{\"epochs\":100000}}";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    private EventStreamClient events() {
        return new EventStreamClient(port);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            String answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
            return EventStreamClient.JSON.readTree(answer.isEmpty() ? "{}" : answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String submit(String spec) {
        return call("POST", "/api/v1/jobs", spec).path("id").asString();
    }

    private JsonNode awaitEnd(String id) {
        for (int i = 0; i < 10; i++) {
            JsonNode job = call("GET", "/api/v1/jobs/" + id + "?wait=30", null);
            if (job.path("finishedAt").isString() && job.path("result").isObject()) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " did not end");
    }

    private static List<Integer> ints(List<EventStreamClient.Event> events, String group, int layer) {
        List<Integer> out = new ArrayList<>();
        for (EventStreamClient.Event event : events) {
            if (event.name().equals("progress")) {
                JsonNode history = event.data().path("history");
                JsonNode columns = layer < 0 ? history.path(group) : history.path("layers").path(layer);
                columns.path("epoch").forEach(e -> out.add(e.asInt()));
            }
        }
        return out;
    }

    private static List<Integer> ints(JsonNode column) {
        List<Integer> out = new ArrayList<>();
        column.forEach(e -> out.add(e.asInt()));
        return out;
    }

    private static long withTrainRows(List<EventStreamClient.Event> events) {
        return events.stream().filter(e -> e.name().equals("progress"))
                .filter(e -> !e.data().path("history").path("train").path("epoch").isEmpty()).count();
    }

    @Test
    void everyEpochArrivesExactlyOnceAcrossReconnectsWithLastEventId() {
        String id = submit(LONG);
        String path = "/api/v1/jobs/" + id + "/events";
        // two connections dropped mid-run, each after two events with rows; the third follows to the end
        List<EventStreamClient.Event> first = events().read(path, null, read -> withTrainRows(read) >= 2).events();
        String firstId = last(first).id();
        List<EventStreamClient.Event> second = events().read(path, firstId, read -> withTrainRows(read) >= 2).events();
        String secondId = last(second).id();
        call("POST", "/api/v1/jobs/" + id + "/cancel", null);
        EventStreamClient.Answer third = events().readAll(path, secondId);

        assertThat(third.contentType()).startsWith("text/event-stream");
        assertThat(Integer.parseInt(firstId)).isPositive().isLessThan(Integer.parseInt(secondId));
        EventStreamClient.Event end = last(third.events());
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().path("status").asString()).isEqualTo("CANCELLED");
        List<EventStreamClient.Event> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third.events());
        JsonNode history = call("GET", "/api/v1/jobs/" + id + "/history", null);
        int epochs = history.path("train").path("epoch").size();
        assertThat(epochs).isGreaterThan(Integer.parseInt(secondId));
        assertThat(ints(all, "train", -1)).isEqualTo(IntStream.range(0, epochs).boxed().toList());
        assertThat(ints(all, "eval", -1)).isEqualTo(ints(history.path("eval").path("epoch")));
        for (int layer = 0; layer < 4; layer++) {
            assertThat(ints(all, null, layer)).as("layer %d", layer)
                    .isEqualTo(ints(history.path("layers").path(layer).path("epoch")));
        }
        // each event carries exactly the epochs from the previous event's id to its own
        int cursor = 0;
        for (EventStreamClient.Event event : all) {
            if (event.name().equals("progress")) {
                List<Integer> rows = ints(List.of(event), "train", -1);
                int to = Integer.parseInt(event.id());
                assertThat(rows).isEqualTo(IntStream.range(cursor, to).boxed().toList());
                cursor = to;
            }
        }
        assertThat(end.id()).isEqualTo(Integer.toString(epochs));
    }

    @Test
    void aJobThatHasEndedAnswersItsHistoryInOneEventAndThenItself() {
        String id = submit("{\"model\":{\"hiddenLayers\":[16],\"activation\":\"relu\"},\"training\":{\"epochs\":200}}");
        JsonNode job = awaitEnd(id);
        List<EventStreamClient.Event> all = events().readAll("/api/v1/jobs/" + id + "/events", null).events();
        assertThat(all).extracting(EventStreamClient.Event::name).containsExactly("progress", "end");
        JsonNode progress = all.get(0).data();
        assertThat(progress.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(progress.path("progress").path("epoch").asInt()).isEqualTo(200);
        assertThat(ints(progress.path("history").path("train").path("epoch")))
                .isEqualTo(IntStream.range(0, 200).boxed().toList());
        assertThat(last(all).data()).isEqualTo(job);

        List<EventStreamClient.Event> late = events().readAll("/api/v1/jobs/" + id + "/events", "150").events();
        assertThat(ints(late, "train", -1)).isEqualTo(IntStream.range(150, 200).boxed().toList());
        assertThat(ints(late, "eval", -1)).containsExactly(150, 160, 170, 180, 190, 199);
    }

    @Test
    void anUnknownJobOrABadLastEventIdIsAProblem() {
        EventStreamClient.Answer unknown = events().readAll("/api/v1/jobs/nope/events", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body()).contains("urn:mlplab:job-not-found");

        String id = submit("{\"training\":{\"epochs\":10}}");
        for (String bad : List.of("abc", "-1", "1.5")) {
            EventStreamClient.Answer answer = events().readAll("/api/v1/jobs/" + id + "/events", bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).contains("urn:mlplab:invalid-parameter").contains("Header 'Last-Event-ID' must be").doesNotContain("Query parameter");
        }
    }

    /**
     * A client that sends its request and never reads: job A's stream (about 20 MB of per-layer diagnostics,
     * more than the sockets buffer) stalls on its first large write. Job A still trains to the end, another
     * client follows job B to its end meanwhile, and the server counts the stalled stream's skipped sends.
     * Once the stalled client goes away, its stream is dropped.
     */
    @Test
    void aClientThatStopsReadingHoldsUpNeitherTrainingNorOtherStreams() throws Exception {
        double skippedBefore = registry.get("mlp.live.sends.skipped").counter().count();
        String a = submit("{\"model\":{\"hiddenLayers\":[8,8,8,8,8,8,8,8],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":11000},\"diagnostics\":{\"every\":1}}");
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("localhost", port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /api/v1/jobs/" + a + "/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams() >= 1);

            String b = submit("{\"model\":{\"hiddenLayers\":[16],\"activation\":\"relu\"},"
                    + "\"training\":{\"epochs\":3000}}");
            CompletableFuture<EventStreamClient.Answer> following =
                    CompletableFuture.supplyAsync(() -> events().readAll("/api/v1/jobs/" + b + "/events", null));

            JsonNode jobA = awaitEnd(a);
            assertThat(jobA.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(jobA.path("result").path("epochsCompleted").asInt()).isEqualTo(11000);
            List<EventStreamClient.Event> ofB = following.get().events();
            assertThat(ints(ofB, "train", -1)).isEqualTo(IntStream.range(0, 3000).boxed().toList());
            assertThat(last(ofB).data().path("status").asString()).isEqualTo("SUCCEEDED");
            // A's stream is still writing its backlog to a client that reads nothing
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> registry.get("mlp.live.sends.skipped").counter().count() > skippedBefore);
            assertThat(streams()).isGreaterThanOrEqualTo(1);
        }
        // gone: its blocked write fails and the stream is dropped
        await().atMost(Duration.ofSeconds(90)).until(() -> streams() == 0);
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private double streams() {
        return registry.get("mlp.live.streams").gauge().value();
    }
}
