package io.mlplab.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a {@code text/event-stream} as the browser's EventSource does (id, event, data; comments skipped). */
public final class EventStreamClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public record Event(String id, String name, JsonNode data) {
    }

    public record Answer(int status, String contentType, List<Event> events, String body) {
    }

    private final String base;

    public EventStreamClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /**
     * The events of {@code path} until {@code stop} is true for those read so far (then it disconnects) or
     * the stream ends.
     */
    public Answer read(String path, String lastEventId, Predicate<List<Event>> stop) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<Stream<String>> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            String type = response.headers().firstValue("Content-Type").orElse("");
            List<Event> events = new ArrayList<>();
            try (Stream<String> lines = response.body()) {
                if (!type.startsWith("text/event-stream")) {
                    return new Answer(response.statusCode(), type, events, String.join("\n", lines.toList()));
                }
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (name != null) {
                            events.add(new Event(id, name, JSON.readTree(data.toString())));
                            if (stop.test(events)) {
                                break;   // closing the lines disconnects
                            }
                        }
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
            }
            return new Answer(response.statusCode(), type, events, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer readAll(String path, String lastEventId) {
        return read(path, lastEventId, events -> false);
    }
}
