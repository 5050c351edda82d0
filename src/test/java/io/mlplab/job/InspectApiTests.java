package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.training.Trainer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /data}, {@code /predict}, {@code /model} and the boundary plot over real HTTP. The predictions are checked
 * against the forward pass that {@code tools/reference/numpy_forward.py} computes in numpy from the exported
 * model alone (Debian's {@code python3-numpy}); the data against the rows the engine itself trains on.
 */
class InspectApiTests extends ApiTestSupport {

    static final String MOONS = """
            {"data":{"kind":"moons","samples":300,"noise":0.15,"labelNoise":0.05},
             "model":{"hiddenLayers":[12,8],"activation":"tanh","init":{"scheme":"xavier_uniform"}},
             "training":{"epochs":200,"loss":"bce","optimizer":{"type":"adam","learningRate":0.02}}}""";

    @Autowired
    SpecCompiler compiler;

    @Autowired
    JobService jobs;

    private JsonNode finished(String spec) {
        Http http = http();
        String id = http.submit(spec);
        JsonNode job = http.get("/api/v1/jobs/" + id + "?wait=60").json();
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        return job;
    }

    @Test
    void theDataAreTheRowsTheJobTrainedOnBeforeTheScaler() {
        JsonNode job = finished(MOONS);
        JsonNode data = http().get("/api/v1/jobs/" + job.path("id").asString() + "/data").json();
        Trainer trainer = new Trainer(compiler.compile(Problems.JSON.readValue(MOONS, JobSpec.class)).experiment());
        DMatrixRMaj trained = trainer.split().train().x();
        JsonNode x = data.path("train").path("x");
        assertThat(x.size()).isEqualTo(240);
        assertThat(data.path("test").path("x").size()).isEqualTo(60);
        double[] mean = doubles(data.path("scaler").path("mean"));
        double[] scale = doubles(data.path("scaler").path("scale"));
        for (int r = 0; r < x.size(); r++) {
            for (int c = 0; c < 2; c++) {
                // what the network saw is the raw value through the scaler, to the last bit
                assertThat((x.get(r).get(c).doubleValue() - mean[c]) / scale[c]).isEqualTo(trained.get(r, c));
            }
            assertThat(data.path("train").path("y").get(r).intValue()).isEqualTo((int) trainer.split().train().y().get(r));
        }
    }

    @Test
    void predictionsAreTheNumpyForwardPassOfTheExportedModel() throws Exception {
        JsonNode job = finished(MOONS);
        String id = job.path("id").asString();
        Http http = http();
        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").json();
        assertThat(model.path("layers").size()).isEqualTo(4);
        assertThat(model.path("layers").get(0).path("weight").size()).isEqualTo(2);          // (in, out): 2 rows
        assertThat(model.path("layers").get(0).path("weight").get(0).size()).isEqualTo(12);
        assertThat(model.path("layers").get(1).path("function").asString()).isEqualTo("tanh");
        assertThat(model.path("output").path("activation").asString()).isEqualTo("sigmoid");

        JsonNode test = http.get("/api/v1/jobs/" + id + "/data").json().path("test");
        ObjectNode body = Problems.JSON.createObjectNode();
        body.set("x", test.path("x"));
        JsonNode predicted = http.post("/api/v1/jobs/" + id + "/predict", body.toString()).json();

        JsonNode numpy = numpyForward(model, body);
        JsonNode outputs = predicted.path("outputs");
        assertThat(outputs.size()).isEqualTo(60);
        int correct = 0;
        for (int r = 0; r < outputs.size(); r++) {
            double ours = outputs.get(r).get(0).doubleValue();
            assertThat(ours).isCloseTo(numpy.path("outputs").get(r).get(0).doubleValue(), within(1e-12));
            assertThat(predicted.path("predictions").get(r).intValue()).isEqualTo(ours > 0.5 ? 1 : 0);
            correct += predicted.path("predictions").get(r).intValue() == test.path("y").get(r).intValue() ? 1 : 0;
        }
        // the job's own test accuracy, counted from the predictions
        assertThat((double) correct / 60).isEqualTo(job.path("result").path("testAccuracy").doubleValue());
    }

    @Test
    void everyLayerKindExportsWhatNumpyNeedsToPredictAsTheServerDoes() throws Exception {
        // batch norm's running statistics, layer norm, dropout (the identity when predicting), nested residual blocks
        JsonNode job = finished("{\"data\":{\"kind\":\"moons\",\"samples\":300,\"noise\":0.1},\"model\":{\"layers\":["
                + "{\"type\":\"linear\",\"units\":8},{\"type\":\"batch_norm\"},{\"type\":\"activation\",\"function\":\"relu\"},"
                + "{\"type\":\"dropout\",\"p\":0.1},"
                + "{\"type\":\"residual\",\"layers\":[{\"type\":\"linear\",\"units\":8},{\"type\":\"layer_norm\"},"
                + "{\"type\":\"activation\",\"function\":\"tanh\"},{\"type\":\"residual\",\"layers\":["
                + "{\"type\":\"linear\",\"units\":8},{\"type\":\"activation\",\"function\":\"sigmoid\"}]}]}],"
                + "\"init\":{\"scheme\":\"he_uniform\"}},\"training\":{\"epochs\":200,\"loss\":\"bce\",\"batchSize\":50,"
                + "\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01}}}");
        String id = job.path("id").asString();
        Http http = http();
        JsonNode model = http.get("/api/v1/jobs/" + id + "/model").json();
        JsonNode layers = model.path("layers");
        assertThat(layers.get(1).path("type").asString()).isEqualTo("batch_norm");
        assertThat(layers.get(1).path("runningVar").size()).isEqualTo(8);
        assertThat(layers.get(1).path("runningVar").get(0).doubleValue()).isNotEqualTo(1.0);  // trained, not the start
        assertThat(layers.get(3).path("type").asString()).isEqualTo("dropout");
        assertThat(layers.get(4).path("type").asString()).isEqualTo("residual");
        assertThat(layers.get(4).path("layers").get(1).path("type").asString()).isEqualTo("layer_norm");
        assertThat(layers.get(4).path("layers").get(3).path("layers").size()).isEqualTo(2);

        ObjectNode body = Problems.JSON.createObjectNode();
        body.set("x", http.get("/api/v1/jobs/" + id + "/data").json().path("test").path("x"));
        JsonNode predicted = http.post("/api/v1/jobs/" + id + "/predict", body.toString()).json();
        JsonNode numpy = numpyForward(model, body);
        assertThat(predicted.path("outputs").size()).isEqualTo(60);
        for (int r = 0; r < 60; r++) {
            assertThat(predicted.path("outputs").get(r).get(0).doubleValue())
                    .isCloseTo(numpy.path("outputs").get(r).get(0).doubleValue(), within(1e-12));
        }
    }

    @Test
    void aRowOfTheWrongWidthIsA400NamingIt() {
        String id = finished(MOONS).path("id").asString();
        JsonNode problem = http().post("/api/v1/jobs/" + id + "/predict", "{\"x\":[[0,0],[1,2,3],[4]]}")
                .problem(400, "invalid-input");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("x[1]");
        assertThat(problem.path("errors").get(0).path("message").asString())
                .isEqualTo("has 3 values, but the job's data have 2 features");
        assertThat(problem.path("errors").get(1).path("field").asString()).isEqualTo("x[2]");
        http().post("/api/v1/jobs/" + id + "/predict", "{\"x\":[]}").problem(400, "invalid-input");
    }

    @Test
    void tooManyRowsIsA400OnX() {
        String id = finished(MOONS).path("id").asString();
        StringBuilder body = new StringBuilder("{\"x\":[");
        for (int i = 0; i < 10_001; i++) {
            body.append(i == 0 ? "" : ",").append("[0,0]");
        }
        JsonNode problem = http().post("/api/v1/jobs/" + id + "/predict", body.append("]}").toString())
                .problem(400, "invalid-input");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("x");
        assertThat(problem.path("detail").asString()).contains("at most 10000 rows");
    }

    @Test
    void aQueuedJobHasNoWeightsAndIs409() {
        Http http = http();
        // every worker busy with a long job, so that one more waits in the queue
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < jobs.workers(); i++) {
            busy.add(http.submit(LONG));
        }
        String id = http.submit(LONG);
        try {
            assertThat(http.get("/api/v1/jobs/" + id).json().path("status").asString()).isEqualTo("QUEUED");
            JsonNode problem = http.post("/api/v1/jobs/" + id + "/predict", "{\"x\":[[0,0,0,0,0,0,0,0]]}")
                    .problem(409, "job-not-trained");
            assertThat(problem.path("detail").asString()).contains("is QUEUED and has no weights yet");
            http.get("/api/v1/jobs/" + id + "/model").problem(409, "job-not-trained");
            // the data exist in every state: they are made from the spec
            assertThat(http.get("/api/v1/jobs/" + id + "/data").json().path("train").path("x").size()).isEqualTo(400);
        } finally {
            http.delete("/api/v1/jobs/" + id);
            busy.forEach(job -> http.delete("/api/v1/jobs/" + job));
        }
    }

    @Test
    void dataTooLargeToSendAre413() {
        Http http = http();
        String id = http.submit("{\"data\":{\"samples\":40000},\"training\":{\"epochs\":1},\"diagnostics\":{\"every\":0}}");
        JsonNode problem = http.get("/api/v1/jobs/" + id + "/data").problem(413, "answer-too-large");
        assertThat(problem.path("detail").asString()).contains("40000 rows × (8 features + 1 label) = 360000 numbers");
        http.delete("/api/v1/jobs/" + id);
    }

    @Test
    void theBoundaryIsAnSvgOfTheRegionsAndEveryPoint() throws Exception {
        String id = finished(MOONS).path("id").asString();
        Http.Response response = http().get("/api/v1/jobs/" + id + "/plot.svg?series=boundary");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("image/svg+xml");
        Document svg = parse(response.body());
        assertThat(circles(svg, "train")).isEqualTo(240);
        assertThat(circles(svg, "test")).isEqualTo(60);
        NodeList groups = svg.getElementsByTagName("g");
        boolean regions = false;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            regions |= g.getAttribute("class").equals("regions") && g.getElementsByTagName("rect").getLength() >= 80;
        }
        assertThat(regions).as("a row of cells at least per grid row").isTrue();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "boundary-moons.svg"), response.body());

        Document accuracy = parse(http().get("/api/v1/jobs/" + id + "/plot.svg?series=accuracy").body());
        assertThat(accuracy.getElementsByTagName("polyline").getLength()).isEqualTo(2);
    }

    @Test
    void theBoundaryOfDataWithoutTwoFeaturesIsA400SayingWhy() {
        String id = finished("{\"training\":{\"epochs\":5}}").path("id").asString();
        JsonNode problem = http().get("/api/v1/jobs/" + id + "/plot.svg?series=boundary").problem(400, "invalid-parameter");
        assertThat(problem.path("detail").asString()).contains("two features").contains("have 8");
    }

    @Test
    void multiClassSpiralsExportSoftmaxLogitsAndPredictTheArgMax() throws Exception {
        JsonNode job = finished("""
                {"data":{"kind":"spirals","samples":300,"arms":3},
                 "model":{"layers":[{"type":"linear","units":16},{"type":"activation","function":"leaky_relu",
                   "negativeSlope":0.1}]},
                 "training":{"epochs":50,"loss":"cross_entropy","optimizer":{"type":"adam","learningRate":0.01}}}""");
        String id = job.path("id").asString();
        JsonNode model = http().get("/api/v1/jobs/" + id + "/model").json();
        assertThat(model.path("layers").get(1).path("negativeSlope").doubleValue()).isEqualTo(0.1);
        assertThat(model.path("output").path("activation").asString()).isEqualTo("linear");
        assertThat(model.path("output").path("weight").get(0).size()).isEqualTo(3);
        JsonNode predicted = http().post("/api/v1/jobs/" + id + "/predict", "{\"x\":[[0.3,-0.2],[0,0.9]]}").json();
        for (int r = 0; r < 2; r++) {
            JsonNode out = predicted.path("outputs").get(r);
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = out.get(c).doubleValue() > out.get(best).doubleValue() ? c : best;
            }
            assertThat(predicted.path("predictions").get(r).intValue()).isEqualTo(best);
        }
        assertThat(parse(http().get("/api/v1/jobs/" + id + "/plot.svg?series=boundary").body())
                .getElementsByTagName("circle").getLength()).isEqualTo(300 + 2);   // the points and two legend marks
    }

    private static JsonNode numpyForward(JsonNode model, JsonNode body) throws Exception {
        Path dir = Files.createTempDirectory("numpy-forward");
        Path modelFile = Files.writeString(dir.resolve("model.json"), model.toString());
        Path inputFile = Files.writeString(dir.resolve("x.json"), body.toString());
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        // CI installs numpy and always runs this; a developer's machine without it skips the comparison
        assumeTrue(System.getenv("CI") != null || hasNumpy(python),
                "python3 with numpy is needed for the numpy forward pass (Debian: python3-numpy)");
        Process process = new ProcessBuilder(python, "tools/reference/numpy_forward.py", modelFile.toString(),
                inputFile.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return Problems.JSON.readTree(out);
    }

    private static boolean hasNumpy(String python) {
        try {
            Process probe = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int circles(Document svg, String set) {
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("data-name").equals(set)) {
                return g.getElementsByTagName("circle").getLength();
            }
        }
        return -1;
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }
}
