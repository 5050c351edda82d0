package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The training options over real HTTP: a job whose spec is a committed PyTorch golden's spec (among them adam with
 * warmup_cosine and batchSize 64) reproduces its every epoch's loss within 1e-9 relative (the golden's generator is {@code tools/reference/torch_reference.py}), and the result says why
 * each run stopped.
 */
class OptionsApiTests extends ApiTestSupport {

    private static JsonNode golden(String name) throws Exception {
        try (InputStream in = OptionsApiTests.class.getResourceAsStream("/golden/torch/" + name + ".json")) {
            return Problems.JSON.readTree(in);
        }
    }

    /** Every committed torch golden: each option, full batch and mini-batch, through the JSON spec. */
    static List<String> goldens() throws Exception {
        try (InputStream in = OptionsApiTests.class.getResourceAsStream("/golden/torch/index.json")) {
            List<String> names = new ArrayList<>();
            Problems.JSON.readTree(in).forEach(name -> names.add(name.asString()));
            return names;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void reproducesEveryEpochsLossOfTheTorchGolden(String name) throws Exception {
        JsonNode golden = golden(name);
        Http http = http();

        String id = http.submit(golden.path("spec").toString());
        JsonNode job = http.awaitEnd(id);
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").json();

        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("stopReason").asString()).isEqualTo(golden.path("stop").asString());
        assertThat(job.path("result").path("epochsCompleted").asInt()).isEqualTo(golden.path("epochsCompleted").asInt());
        JsonNode expected = golden.path("loss");
        JsonNode actual = history.path("train").path("loss");
        assertThat(actual).hasSize(expected.size());
        for (int epoch = 0; epoch < expected.size(); epoch++) {
            double reference = expected.get(epoch).asDouble();
            assertThat(Math.abs(actual.get(epoch).asDouble() - reference) / Math.abs(reference))
                    .as("%s train.loss[%d]", name, epoch).isLessThanOrEqualTo(1e-9);
        }
        JsonNode rates = history.path("train").path("learningRate");
        for (int epoch = 0; epoch < expected.size(); epoch++) {
            double reference = golden.path("learningRate").get(epoch).asDouble();
            assertThat(rates.get(epoch).asDouble()).as("%s train.learningRate[%d]", name, epoch)
                    .isCloseTo(reference, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, reference)));
        }
    }

    @Test
    void theHistoryRecordsTheRateTheScheduleGaveEachEpoch() {
        Http http = http();
        String id = http.submit("{\"training\":{\"epochs\":30,\"schedule\":{\"type\":\"step\",\"stepSize\":10,"
                + "\"gamma\":0.5}}}");
        JsonNode job = http.awaitEnd(id);
        JsonNode rates = http.get("/api/v1/jobs/" + id + "/history").json().path("train").path("learningRate");

        assertThat(job.path("spec").path("training").path("schedule").toString())
                .isEqualTo("{\"type\":\"step\",\"stepSize\":10,\"gamma\":0.5}");
        assertThat(rates).hasSize(30);
        for (int epoch = 0; epoch < 30; epoch++) {
            assertThat(rates.get(epoch).asDouble()).as("epoch %d", epoch).isEqualTo(0.1 * Math.pow(0.5, epoch / 10));
        }
    }

    @Test
    void bceAndCrossEntropyOnTheSeedsDataSucceedWithTheOutputTheyNeed() {
        Http http = http();
        String bce = http.submit("{\"training\":{\"loss\":\"bce\",\"epochs\":300}}");
        String crossEntropy = http.submit("{\"training\":{\"loss\":\"cross_entropy\",\"epochs\":300}}");

        JsonNode b = http.awaitEnd(bce);
        JsonNode c = http.awaitEnd(crossEntropy);

        assertThat(b.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(b.path("spec").path("model").path("outputActivation").asString()).isEqualTo("sigmoid");
        assertThat(b.path("result").path("testAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(c.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(c.path("spec").path("model").path("outputActivation").asString()).isEqualTo("linear");
        assertThat(c.path("result").path("testAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(c.path("result").path("stopReason").asString()).isEqualTo("COMPLETED");
        assertThat(c.path("result").path("epochsCompleted").asInt()).isEqualTo(300);
    }

    @Test
    void earlyStoppingOnTheTrainingLossSaysWhyTheJobStopped() {
        Http http = http();
        String id = http.submit("{\"model\":{\"hiddenLayers\":[8],\"activation\":\"relu\"},\"training\":{\"epochs\":5000,"
                + "\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01},\"earlyStopping\":{\"monitor\":\"trainLoss\","
                + "\"patience\":5,\"minDelta\":0.001}}}");

        JsonNode job = http.awaitEnd(id);
        JsonNode history = http.get("/api/v1/jobs/" + id + "/history").json();

        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("stopReason").asString()).isEqualTo("EARLY_STOPPED");
        int epochs = job.path("result").path("epochsCompleted").asInt();
        assertThat(epochs).isLessThan(5000);
        assertThat(history.path("train").path("loss")).hasSize(epochs);
        assertThat(job.path("spec").path("training").path("earlyStopping").toString())
                .isEqualTo("{\"monitor\":\"trainLoss\",\"patience\":5,\"minDelta\":0.001}");
    }
}
