package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running job's {@code /model}, {@code /predict} and boundary plot over real HTTP: they answer the weights the
 * job had at the end of an epoch it has trained, named by {@code epoch}, which are exactly the final weights of the
 * same spec run for that many epochs (training is deterministic and the learning rate constant); and a stream of
 * such requests changes nothing of what the job computes.
 */
class LiveWeightsApiTests extends ApiTestSupport {

    /** Moons through a ReLU [16, 16] network with Adam at a constant rate; {@code %d} epochs. */
    static final String MOONS = """
            {"name":"live-moons","data":{"kind":"moons","samples":300,"noise":0.15},
             "model":{"hiddenLayers":[16,16],"activation":"relu"},
             "training":{"epochs":%d,"loss":"bce","optimizer":{"type":"adam","learningRate":0.01}}}""";

    private static final Pattern TITLE = Pattern.compile("Decision regions after epoch (\\d+): live-moons \\((\\w+)\\)");
    private static final Pattern REGIONS = Pattern.compile("<g class=\"regions\".*?</g>", Pattern.DOTALL);

    private int epochOf(Http http, String id) {
        return http.get("/api/v1/jobs/" + id).json().path("progress").path("epoch").asInt();
    }

    /** The boundary's epoch, the job's status in its title and its regions. */
    private record Boundary(int epoch, String status, String regions) {
        static Boundary of(Http.Response response) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            Matcher title = TITLE.matcher(response.body());
            Matcher regions = REGIONS.matcher(response.body());
            assertThat(title.find()).as("the title names the epoch").isTrue();
            assertThat(regions.find()).isTrue();
            return new Boundary(Integer.parseInt(title.group(1)), title.group(2), regions.group());
        }
    }

    private static JsonNode weights(JsonNode model) {
        ObjectNode weights = Problems.JSON.createObjectNode();
        weights.set("layers", model.path("layers"));
        weights.set("output", model.path("output"));
        weights.set("scaler", model.path("scaler"));
        return weights;
    }

    @Test
    void aRunningJobAnswersTheWeightsOfAnEpochItHasTrainedAndTheyAreThoseOfARunThatLong() {
        Http http = http();
        String id = http.submit(MOONS.formatted(100_000));
        JsonNode model;
        JsonNode predicted;
        Boundary boundary;
        int newer;
        try {
            awaitRunning(id);
            model = http.get("/api/v1/jobs/" + id + "/model").json();
            int now = epochOf(http, id);
            assertThat(model.path("final").asBoolean(true)).isFalse();
            assertThat(model.path("epoch").asInt()).isBetween(1, now);

            predicted = http.post("/api/v1/jobs/" + id + "/predict", "{\"x\":[[0,0],[1,0.5],[-1,1]]}").json();
            boundary = Boundary.of(http.get("/api/v1/jobs/" + id + "/plot.svg?series=boundary"));
            now = epochOf(http, id);
            assertThat(predicted.path("final").asBoolean(true)).isFalse();
            assertThat(predicted.path("epoch").asInt()).isBetween(model.path("epoch").asInt(), now);
            assertThat(boundary.status()).isEqualTo("RUNNING");
            assertThat(boundary.epoch()).isBetween(predicted.path("epoch").asInt(), now);

            // a second later the copy is no longer fresh: the next request gets the weights of a later epoch
            int first = model.path("epoch").asInt();
            List<Integer> later = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                later.add(http.get("/api/v1/jobs/" + id + "/model").json().path("epoch").asInt());
                return later.get(later.size() - 1) > first;
            });
            newer = later.get(later.size() - 1);
            assertThat(newer).isLessThanOrEqualTo(epochOf(http, id));
        } finally {
            http.delete("/api/v1/jobs/" + id);
        }

        // the same spec, run for exactly as many epochs as each answer's weights had trained
        int epoch = model.path("epoch").asInt();
        String stopped = http.submit(MOONS.formatted(epoch));
        assertThat(http.awaitEnd(stopped).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode finalModel = http.get("/api/v1/jobs/" + stopped + "/model").json();
        assertThat(finalModel.path("final").asBoolean(false)).isTrue();
        assertThat(finalModel.path("epoch").asInt()).isEqualTo(epoch);
        assertThat(weights(model)).isEqualTo(weights(finalModel));

        String forPrediction = http.submit(MOONS.formatted(predicted.path("epoch").asInt()));
        http.awaitEnd(forPrediction);
        JsonNode again = http.post("/api/v1/jobs/" + forPrediction + "/predict", "{\"x\":[[0,0],[1,0.5],[-1,1]]}").json();
        assertThat(again.path("outputs")).isEqualTo(predicted.path("outputs"));
        assertThat(again.path("final").asBoolean(false)).isTrue();

        String forBoundary = http.submit(MOONS.formatted(boundary.epoch()));
        http.awaitEnd(forBoundary);
        Boundary drawn = Boundary.of(http.get("/api/v1/jobs/" + forBoundary + "/plot.svg?series=boundary"));
        assertThat(drawn.epoch()).isEqualTo(boundary.epoch());
        assertThat(drawn.status()).isEqualTo("SUCCEEDED");
        assertThat(drawn.regions()).isEqualTo(boundary.regions());
        for (String done : List.of(stopped, forPrediction, forBoundary)) {
            http.delete("/api/v1/jobs/" + done);
        }
    }

    @Test
    void aStreamOfRequestsChangesNothingOfWhatTheJobComputes() throws InterruptedException {
        Http http = http();
        String spec = MOONS.formatted(20_000);
        String asked = http.submit(spec);
        List<Integer> epochs = new ArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        // a dashboard's worth of readers and more: the model, a prediction and the boundary, back to back
        Thread reader = new Thread(() -> {
            Http client = http();
            while (!ended.get()) {
                JsonNode model = client.get("/api/v1/jobs/" + asked + "/model").json();
                if (model.has("epoch") && !model.path("final").asBoolean(true)) {
                    epochs.add(model.path("epoch").asInt());
                }
                client.post("/api/v1/jobs/" + asked + "/predict", "{\"x\":[[0,0]]}");
                client.get("/api/v1/jobs/" + asked + "/plot.svg?series=boundary");
            }
        });
        reader.start();
        JsonNode withRequests;
        try {
            withRequests = http.awaitEnd(asked);
        } finally {
            ended.set(true);
            reader.join();
        }
        String alone = http.submit(spec);
        JsonNode withoutRequests = http.awaitEnd(alone);

        // at least one copy taken from the running job (one a second at most: some seconds of training take several)
        assertThat(epochs).as("epochs whose weights were answered while it ran").isNotEmpty().isSorted();
        for (String field : List.of("trainLoss", "testLoss", "trainAccuracy", "testAccuracy", "epochsCompleted")) {
            assertThat(withRequests.path("result").path(field)).as(field)
                    .isEqualTo(withoutRequests.path("result").path(field));
        }
        assertThat(http.get("/api/v1/jobs/" + asked + "/history").json())
                .isEqualTo(http.get("/api/v1/jobs/" + alone + "/history").json());
        assertThat(weights(http.get("/api/v1/jobs/" + asked + "/model").json()))
                .isEqualTo(weights(http.get("/api/v1/jobs/" + alone + "/model").json()));
        http.delete("/api/v1/jobs/" + asked);
        http.delete("/api/v1/jobs/" + alone);
    }

    @Test
    void aFinishedJobAnswersItsFinalWeightsNamedByTheEpochsItCompleted() {
        Http http = http();
        String id = http.submit(MOONS.formatted(120));
        JsonNode job = http.awaitEnd(id);
        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").json();
        assertThat(model.path("final").asBoolean(false)).isTrue();
        assertThat(model.path("epoch").asInt()).isEqualTo(job.path("result").path("epochsCompleted").asInt())
                .isEqualTo(120);
        Boundary boundary = Boundary.of(http.get("/api/v1/jobs/" + id + "/plot.svg?series=boundary"));
        assertThat(boundary.epoch()).isEqualTo(120);
        assertThat(boundary.status()).isEqualTo("SUCCEEDED");
        http.delete("/api/v1/jobs/" + id);
    }
}
