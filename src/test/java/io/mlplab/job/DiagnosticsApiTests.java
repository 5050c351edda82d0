package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/** Per-layer diagnostics and plots through real HTTP, against the numpy reference's golden file. */
class DiagnosticsApiTests extends ApiTestSupport {

    static final String SIGMOID_3 = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"sigmoid\"}}";

    @Test
    void historyHasOneColumnGroupPerLayerMatchingTheReference() throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/diagnostics/sigmoid-16-32-16.json")) {
            golden = Problems.JSON.readTree(in);
        }
        Http http = http();
        String id = http.submit(SIGMOID_3);
        JsonNode job = http.awaitEnd(id);
        JsonNode layers = http.get("/api/v1/jobs/" + id + "/history").json().path("layers");

        assertThat(job.path("spec").path("diagnostics").path("every").asInt()).isEqualTo(10);
        assertThat(layers).hasSize(4);
        for (int l = 0; l < 4; l++) {
            JsonNode expected = golden.path("layers").get(l);
            JsonNode actual = layers.get(l);
            assertThat(actual.path("epoch").toString()).isEqualTo(expected.path("epoch").toString());
            for (String column : new String[] {"weightGradNorm", "biasGradNorm", "weightNorm", "updateRatio",
                    "activationMean", "activationStd", "saturatedFraction", "deadFraction"}) {
                assertThat(actual.path(column)).hasSize(100);
                for (int row = 0; row < 100; row++) {
                    double e = expected.path(column).get(row).asDouble();
                    assertThat(actual.path(column).get(row).asDouble())
                            .as("layer %d %s[%d]", l, column, row)
                            .isCloseTo(e, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(e) + 1e-15));
                }
            }
        }
        JsonNode summary = job.path("result").path("diagnostics");
        assertThat(summary.path("gradientVanishedEpoch").toString()).isEqualTo("[null,null,40,70]");
        assertThat(summary.path("plateaued").asBoolean()).isTrue();
        assertThat(summary.path("plateauStart").asInt()).isEqualTo(golden.path("summary").path("plateauStart").asInt());
        assertThat(summary.path("plateauEnd").isNull()).isTrue();

        JsonNode tail = http.get("/api/v1/jobs/" + id + "/history?from=985").json().path("layers");
        assertThat(tail.get(0).path("epoch").toString()).isEqualTo("[990]");
    }

    @Test
    void gradientPlotHoldsOneSeriesPerLayerAndLossPlotTrainAndTest() throws Exception {
        Http http = http();
        String id = http.submit("{\"model\":{\"hiddenLayers\":[16,32],\"activation\":\"relu\"},"
                + "\"training\":{\"epochs\":200}}");
        http.awaitEnd(id);

        Http.Response gradients = http.get("/api/v1/jobs/" + id + "/plot.svg?series=gradients");
        assertThat(gradients.status()).isEqualTo(200);
        assertThat(gradients.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(seriesNames(gradients.body())).containsExactly("layer 1", "layer 2", "layer 3 (output)");

        Http.Response loss = http.get("/api/v1/jobs/" + id + "/plot.svg");
        assertThat(seriesNames(loss.body())).containsExactly("train", "test");
    }

    @Test
    void diagnosticsOffRecordsNoLayersAndPlotsNoGradients() {
        Http http = http();
        String id = http.submit("{\"training\":{\"epochs\":50},\"diagnostics\":{\"every\":0}}");
        JsonNode job = http.awaitEnd(id);

        assertThat(http.get("/api/v1/jobs/" + id + "/history").json().path("layers")).isEmpty();
        assertThat(job.path("result").has("diagnostics")).isFalse();
        JsonNode problem = http.get("/api/v1/jobs/" + id + "/plot.svg?series=gradients", "Accept", "*/*")
                .problem(400, "invalid-parameter");
        assertThat(problem.toString()).contains("series");
    }

    @Test
    void rejectsAnUnknownSeriesAndBadDiagnosticsSettings() {
        Http http = http();
        String id = http.submit("{\"training\":{\"epochs\":20}}");
        http.get("/api/v1/jobs/" + id + "/plot.svg?series=weights").problem(400, "invalid-parameter");
        http.get("/api/v1/jobs/nope/plot.svg").problem(404, "job-not-found");

        JsonNode negative = http.post("/api/v1/jobs", "{\"diagnostics\":{\"every\":-1}}").problem(400, "invalid-spec");
        Problems.error(negative, "diagnostics.every");
        JsonNode overBudget = http.post("/api/v1/jobs", "{\"model\":{\"hiddenLayers\":[4,4,4,4,4,4,4]},"
                + "\"training\":{\"epochs\":100000},\"diagnostics\":{\"every\":1}}").problem(400, "invalid-spec");
        assertThat(Problems.error(overBudget, "diagnostics.every").path("message").asString())
                .contains("mlp.limits.max-diagnostic-rows");
    }

    private static java.util.List<String> seriesNames(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList groups = doc.getElementsByTagName("g");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("series")) {
                names.add(g.getAttribute("data-name"));
            }
        }
        return names;
    }
}
