package io.mlplab.job;

import static io.mlplab.job.Problems.assertProblem;
import static io.mlplab.job.Problems.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.LimitsProperties;
import io.mlplab.spec.ActivationType;
import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.spec.Specs;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.InvalidSpecException;
import io.mlplab.web.StrictJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

/** Every status code and problem body of the HTTP edge, with the service mocked. */
@WebMvcTest(JobController.class)
@Import({StrictJson.class, JobControllerTests.SpecLanguage.class})
@EnableConfigurationProperties({LimitsProperties.class, JobsProperties.class})
class JobControllerTests {

    /** The real spec compiler and limits: the edge compiles every spec before the (mocked) service. */
    @TestConfiguration
    @ComponentScan(basePackageClasses = SpecCompiler.class)
    static class SpecLanguage {
    }

    private static final String JOBS = "/api/v1/jobs";
    private static final String ID = "0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    JobService service;

    static Job.Snapshot job(JobStatus status, int epoch) {
        JobSpec spec = Specs.compile("{\"name\":\"relu\"}").spec();
        boolean ended = status.isTerminal();
        return new Job.Snapshot(ID, 1, spec, status, epoch, 1000, Instant.parse("2026-01-15T09:30:00Z"),
                status == JobStatus.QUEUED ? null : Instant.parse("2026-01-15T09:30:01Z"),
                ended ? Instant.parse("2026-01-15T09:30:02Z") : null,
                ended ? new JobResult(Double.NaN, 0.25, 0.5, 1.0, 412) : null,
                status == JobStatus.FAILED ? JobError.diverged(Double.NaN, 37, -1) : null, 3, null);
    }

    private MvcTestResult submit(String body) {
        return mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static JsonNode problem(MvcTestResult result, int status, String slug) {
        MockHttpServletResponse response = result.getResponse();
        try {
            return assertProblem(response.getStatus(), response.getContentType(), response.getContentAsString(),
                    status, slug);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(MvcTestResult result) throws Exception {
        return Problems.JSON.readTree(result.getResponse().getContentAsString());
    }

    @Test
    void acceptsASpecWith202LocationAndTheJob() throws Exception {
        given(service.submit(any())).willReturn(job(JobStatus.QUEUED, 0));

        MvcTestResult result = submit("{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}");

        assertThat(result).hasStatus(202).hasHeader(HttpHeaders.LOCATION, JOBS + "/" + ID);
        JsonNode body = json(result);
        assertThat(body.path("id").asString()).isEqualTo(ID);
        assertThat(body.path("status").asString()).isEqualTo("QUEUED");
        assertThat(body.path("progress").path("epochs").asInt()).isEqualTo(1000);
        assertThat(body.path("spec").path("training").has("batchSize")).isTrue();
        assertThat(body.has("result")).isFalse();
        ArgumentCaptor<CompiledSpec> spec = ArgumentCaptor.forClass(CompiledSpec.class);
        org.mockito.Mockito.verify(service).submit(spec.capture());
        assertThat(spec.getValue().spec().model().hiddenLayers()).containsExactly(16, 32, 16);
        assertThat(spec.getValue().spec().model().activation()).isEqualTo(ActivationType.RELU);
        assertThat(spec.getValue().experiment().model().weightLayers()).isEqualTo(4);
    }

    @Test
    void acceptsTheEmptySpec() {
        given(service.submit(any())).willReturn(job(JobStatus.QUEUED, 0));
        assertThat(submit("{}")).hasStatus(202);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"training":{"epochs":3.7}}                        | training.epochs
            {"training":{"epochs":"10"}}                       | training.epochs
            {"training":{"epochs":99999999999}}                | training.epochs
            {"training":{"epochs":1,"epochs":2}}               | training.epochs
            {"training":{"epochs":1},"training":{"epochs":2}}  | training
            {"model":{"activaton":"relu"}}                     | model.activaton
            {"model":{"activation":"swish"}}                   | model.activation
            {"model":{"activation":"LEAKY_RELU"}}              | model.activation
            {"model":{"hiddenLayers":[16,"x"]}}                | model.hiddenLayers[1]
            {"model":{"hiddenLayers":[16,2.5]}}                | model.hiddenLayers[1]
            {"model":{"hiddenLayers":16}}                      | model.hiddenLayers
            {"training":{"optimizer":{"learningRate":"NaN"}}}  | training.optimizer.learningRate
            {"training":{"optimizer":{"learningRate":NaN}}}    | training.optimizer.learningRate
            {"training":{"optimizer":{"learningRate":1e999}}}  | training.optimizer.learningRate
            {"data":{"center":-Infinity}}                      | data.center
            {"data":{"standardize":1}}                         | data.standardize
            {"data":{"standardize":"true"}}                    | data.standardize
            {"name":5}                                         | name
            {"seed":1.5}                                       | seed
            {"data":[]}                                        | data
            []                                                 | (body)
            {} {}                                              | (body)
            {"data":                                           | data
            """)
    void rejectsMalformedJsonNamingTheField(String body, String field) {
        JsonNode problem = problem(submit(body), 400, "invalid-spec");
        error(problem, field);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model":{"init":{"scheme":"he_normal","scale":0.1}}}                     | model.init.scale                 | he_normal
            {"model":{"init":{"gain":2.0}}}                                          | model.init.gain                  | uniform
            {"model":{"init":{"scheme":"xavier_uniform","gain":0}}}                  | model.init.gain                  | greater than 0
            {"model":{"init":{"scheme":"glorot"}}}                                   | model.init.scheme                | xavier_uniform
            {"model":{"activation":"relu","negativeSlope":0.2}}                      | model.negativeSlope              | leaky_relu
            {"model":{"activation":"leaky_relu","negativeSlope":-1}}                 | model.negativeSlope              | greater than or equal to 0
            {"training":{"loss":"bce"},"model":{"outputActivation":"relu"}}          | model.outputActivation           | sigmoid
            {"training":{"loss":"cross_entropy"},"model":{"outputActivation":"sigmoid"}} | model.outputActivation       | linear
            {"training":{"loss":"bce"},"data":{"kind":"gaussian_blobs","classes":3}} | training.loss                    | cross_entropy
            {"training":{"loss":"hinge"}}                                            | training.loss                    | cross_entropy
            {"training":{"optimizer":{"type":"adam","momentum":0.9}}}                | training.optimizer.momentum      | adam has no momentum
            {"training":{"optimizer":{"momentum":0.9,"betas":[0.9,0.99]}}}           | training.optimizer.betas         | sgd has no betas
            {"training":{"optimizer":{"type":"rmsprop","nesterov":true}}}            | training.optimizer.nesterov      | rmsprop has no nesterov
            {"training":{"optimizer":{"type":"adagrad","alpha":0.9}}}                | training.optimizer.alpha         | adagrad has no alpha
            {"training":{"optimizer":{"type":"adamw","lrDecay":0.1}}}                | training.optimizer.lrDecay       | adamw has no lrDecay
            {"training":{"optimizer":{"nesterov":true}}}                             | training.optimizer.nesterov      | momentum above 0
            {"training":{"optimizer":{"type":"adam","betas":[0.9]}}}                 | training.optimizer.betas         | size must be
            {"training":{"optimizer":{"type":"adam","betas":[0.9,1.0]}}}             | training.optimizer.betas[1]      | less than 1
            {"training":{"optimizer":{"type":"lbfgs"}}}                              | training.optimizer.type          | adagrad
            {"training":{"schedule":{"type":"step"}}}                                | training.schedule.stepSize       | required by the step schedule
            {"training":{"schedule":{"type":"exponential"}}}                         | training.schedule.gamma          | required by the exponential schedule
            {"training":{"schedule":{"type":"warmup_cosine"}}}                       | training.schedule.warmupEpochs   | required
            {"training":{"epochs":100,"schedule":{"type":"warmup_cosine","warmupEpochs":100}}} | training.schedule.warmupEpochs | less than training.epochs
            {"training":{"schedule":{"type":"cosine","gamma":0.5}}}                  | training.schedule.gamma          | cosine schedule has no gamma
            {"training":{"schedule":{"stepSize":10}}}                                | training.schedule.stepSize       | takes no parameters
            {"training":{"schedule":{"type":"one_cycle","pctStart":1.0}}}            | training.schedule.pctStart       | less than 1
            {"training":{"batchSize":0}}                                             | training.batchSize               | greater than 0
            {"training":{"shuffle":false}}                                           | training.shuffle                 | batchSize
            {"training":{"earlyStopping":{"patience":0}}}                            | training.earlyStopping.patience  | greater than 0
            {"training":{"earlyStopping":{"monitor":"valLoss"}}}                     | training.earlyStopping.monitor   | testLoss
            {"training":{"stopAtLoss":-0.1}}                                         | training.stopAtLoss              | greater than or equal to 0
            {"data":{"classes":3}}                                                   | data.classes                     | gaussian_blobs
            {"data":{"kind":"gaussian_blobs","center":3}}                            | data.center                      | spread
            {"model":{"layers":[{"type":"dropout","eps":0.1}]}}                      | model.layers[0].eps              | dropout layer has no eps
            {"model":{"layers":[{"type":"residual","layers":[{"type":"batch_norm","p":0.1}]}]}} | model.layers[0].layers[0].p | batch_norm layer has no p
            {"model":{"layers":[{"type":"pooling"}]}}                                | model.layers[0].type             | residual
            {"data":{"kind":"gaussian_blobs","classes":1}}                           | data.classes                     | greater than or equal to 2
            {"data":{"kind":"moons","features":4}}                                   | data.features                    | moons data has no features
            {"data":{"kind":"circles","arms":3}}                                     | data.arms                        | spirals
            {"data":{"kind":"circles","factor":1.0}}                                 | data.factor                      | less than 1
            {"data":{"kind":"spirals","arms":1}}                                     | data.arms                        | greater than or equal to 2
            {"data":{"kind":"spirals","arms":5,"samples":4}}                         | data.samples                     | one sample per class
            {"data":{"kind":"xor","labelNoise":1.5}}                                 | data.labelNoise                  | less than or equal to 1
            {"data":{"kind":"xor","noiseFeatures":-1}}                               | data.noiseFeatures               | greater than or equal to 0
            {"data":{"kind":"moons","noiseFeatures":600}}                            | data.noiseFeatures               | 2 + 600
            {"data":{"kind":"moons"},"training":{"loss":"bce"},"model":{"outputActivation":"relu"}} | model.outputActivation | sigmoid
            {"data":{"kind":"spirals","arms":3},"training":{"loss":"bce"}}          | training.loss                    | cross_entropy
            {"data":{"kind":"swirl"}}                                                | data.kind                        | spirals
            """)
    void rejectsAnOptionThatDoesNotFitNamingTheField(String body, String field, String words) {
        JsonNode problem = problem(submit(body), 400, "invalid-spec");
        assertThat(error(problem, field).path("message").asString()).contains(words);
    }

    @Test
    void rejectsAMissingBody() {
        MvcTestResult result = mvc.post().uri(JOBS).contentType(MediaType.APPLICATION_JSON).exchange();
        error(problem(result, 400, "invalid-spec"), "(body)");
    }

    @Test
    void explainsUnknownFieldsAndEnumValuesInTheApisWords() {
        JsonNode unknown = error(problem(submit("{\"trainnig\":{}}"), 400, "invalid-spec"), "trainnig");
        assertThat(unknown.path("message").asString()).contains("unknown field").contains("training");
        JsonNode activation = error(problem(submit("{\"model\":{\"activation\":\"swish\"}}"), 400, "invalid-spec"),
                "model.activation");
        assertThat(activation.path("message").asString()).contains("leaky_relu").doesNotContain("LEAKY_RELU");
        JsonNode fraction = error(problem(submit("{\"training\":{\"epochs\":3.7}}"), 400, "invalid-spec"),
                "training.epochs");
        assertThat(fraction.path("message").asString()).isEqualTo("must be a whole number");
    }

    @Test
    void listsEveryFieldThatBreaksAConstraint() {
        JsonNode problem = problem(submit("""
                {"seed": -1, "name": "%s",
                 "data": {"samples": 1, "features": 0, "noise": -1, "testFraction": 1.0},
                 "model": {"hiddenLayers": [16, null, 0], "init": {"scale": 0}},
                 "training": {"epochs": 0, "batchSize": 0, "evaluateEvery": 0, "optimizer": {"learningRate": -0.1}}}
                """.formatted("x".repeat(201))), 400, "invalid-spec");
        for (String field : List.of("seed", "name", "data.samples", "data.features", "data.noise",
                "data.testFraction", "model.hiddenLayers[1]", "model.hiddenLayers[2]", "model.init.scale",
                "training.epochs", "training.batchSize", "training.evaluateEvery",
                "training.optimizer.learningRate")) {
            error(problem, field);
        }
        assertThat(problem.path("errors")).hasSize(13);
    }

    @Test
    void reportsTheServicesLimitProblems() {
        given(service.submit(any())).willThrow(InvalidSpecException.withErrors(List.of(
                new FieldProblem("model.hiddenLayers[0]", "must be at most 512 (the server's limit "
                        + "mlp.limits.max-width), got 4096"))));
        JsonNode problem = problem(submit("{\"model\":{\"hiddenLayers\":[4096]}}"), 400, "invalid-spec");
        assertThat(error(problem, "model.hiddenLayers[0]").path("message").asString()).contains("max-width");
    }

    @Test
    void answers413ForABodyOverTheLimit() {
        String body = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        problem(submit(body), 413, "body-too-large");
    }

    @Test
    void answers415ForAnotherContentType() {
        MvcTestResult result = mvc.post().uri(JOBS).contentType(MediaType.TEXT_PLAIN).content("{}").exchange();
        problem(result, 415, "unsupported-media-type");
    }

    @Test
    void answers405WithAllowForAnotherMethod() {
        MvcTestResult result = mvc.put().uri(JOBS).contentType(MediaType.APPLICATION_JSON).content("{}").exchange();
        problem(result, 405, "method-not-allowed");
        assertThat(result.getResponse().getHeader(HttpHeaders.ALLOW)).contains("POST").contains("GET");
    }

    @Test
    void answers404ForAnUnknownPath() {
        problem(mvc.get().uri("/api/v1/nothing").exchange(), 404, "not-found");
    }

    @Test
    void answers429WithRetryAfterWhenTheQueueIsFull() {
        given(service.submit(any())).willThrow(QueueFullException.withCapacity(100, Duration.ofSeconds(10)));
        MvcTestResult result = submit("{}");
        problem(result, 429, "queue-full");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "10");
    }

    @Test
    void answers503WithRetryAfterWhileShuttingDown() {
        given(service.submit(any())).willThrow(ShuttingDownException.retryAfter(Duration.ofSeconds(10)));
        MvcTestResult result = submit("{}");
        problem(result, 503, "shutting-down");
        assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "10");
    }

    @Test
    void answersAnUnexpectedFailureWithAGenericProblem() {
        given(service.submit(any())).willThrow(new IllegalStateException(
                "boom in io.mlplab.job.JobService at java.base/Thread.run(Thread.java:1)"));
        JsonNode problem = problem(submit("{}"), 500, "internal-error");
        assertThat(problem.path("detail").asString()).doesNotContain("boom").contains("incident");
    }

    @Test
    void getsAJobWithAnEtag() throws Exception {
        given(service.await(eq(ID), eq(Duration.ZERO)))
                .willReturn(CompletableFuture.completedFuture(job(JobStatus.SUCCEEDED, 1000)));

        MvcTestResult result = mvc.get().uri(JOBS + "/" + ID).exchange();

        assertThat(result).hasStatusOk().hasHeader(HttpHeaders.ETAG, "\"3.1000\"");
        JsonNode body = json(result);
        assertThat(body.path("status").asString()).isEqualTo("SUCCEEDED");
        // a diverged loss is null, never NaN
        assertThat(body.path("result").path("trainLoss").isNull()).isTrue();
        assertThat(body.path("result").path("testAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(result.getResponse().getContentAsString()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void answers304WhenTheEtagStillMatches() {
        given(service.await(eq(ID), any()))
                .willReturn(CompletableFuture.completedFuture(job(JobStatus.RUNNING, 350)));

        MvcTestResult same = mvc.get().uri(JOBS + "/" + ID).header(HttpHeaders.IF_NONE_MATCH, "\"3.350\"").exchange();
        MvcTestResult other = mvc.get().uri(JOBS + "/" + ID).header(HttpHeaders.IF_NONE_MATCH, "\"3.349\"").exchange();

        assertThat(same).hasStatus(304).hasHeader(HttpHeaders.ETAG, "\"3.350\"");
        assertThat(other).hasStatusOk();
    }

    @Test
    void longPollsWithWaitAndAnswersWhenTheJobEnds() throws Exception {
        CompletableFuture<Job.Snapshot> ending = new CompletableFuture<>();
        given(service.await(ID, Duration.ofSeconds(30))).willReturn(ending);

        MvcTestResult pending = mvc.get().uri(JOBS + "/" + ID + "?wait=30").asyncExchange();
        ending.complete(job(JobStatus.FAILED, 38));

        assertThat(pending.getMvcResult().getRequest().isAsyncStarted()).isTrue();
        MvcTestResult result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .asyncDispatch(pending.getMvcResult()));
        assertThat(result).hasStatusOk();
        JsonNode error = json(result).path("error");
        assertThat(error.path("code").asString()).isEqualTo("DIVERGED");
        assertThat(error.path("message").asString()).contains("epoch 37");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"wait=abc, wait", "wait=61, wait", "wait=-1, wait", "wait=1.5, wait"})
    void rejectsABadWaitNamingTheParameter(String query, String parameter) {
        MvcTestResult result = mvc.get().uri(JOBS + "/" + ID + "?" + query).exchange();
        error(problem(result, 400, "invalid-parameter"), parameter);
    }

    @Test
    void answers404ForAnUnknownJob() {
        given(service.await(eq("nope"), any())).willThrow(JobNotFoundException.forId("nope"));
        given(service.history(eq("nope"), anyInt())).willThrow(JobNotFoundException.forId("nope"));
        given(service.cancel("nope")).willThrow(JobNotFoundException.forId("nope"));
        willThrow(JobNotFoundException.forId("nope")).given(service).delete("nope");

        problem(mvc.get().uri(JOBS + "/nope").exchange(), 404, "job-not-found");
        problem(mvc.get().uri(JOBS + "/nope/history").exchange(), 404, "job-not-found");
        problem(mvc.post().uri(JOBS + "/nope/cancel").exchange(), 404, "job-not-found");
        problem(mvc.delete().uri(JOBS + "/nope").exchange(), 404, "job-not-found");
    }

    @Test
    void returnsTheHistoryFromAnEpoch() throws Exception {
        History history = new History(new History.Train(new int[] {5, 6}, new double[] {0.2, Double.NaN},
                new double[] {0.1, 0.1}), new History.Eval(new int[] {5}, new double[] {0.2}, new double[] {0.3},
                new double[] {1.0}, new double[] {0.5}), java.util.List.of());
        given(service.history(ID, 5)).willReturn(history);

        MvcTestResult result = mvc.get().uri(JOBS + "/" + ID + "/history?from=5").exchange();

        assertThat(result).hasStatusOk();
        JsonNode body = json(result);
        assertThat(body.path("train").path("epoch").toString()).isEqualTo("[5,6]");
        assertThat(body.path("train").path("loss").toString()).isEqualTo("[0.2,null]");
        assertThat(body.path("eval").path("testAccuracy").toString()).isEqualTo("[0.5]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"from=-1, from", "from=x, from"})
    void rejectsABadFromNamingTheParameter(String query, String parameter) {
        error(problem(mvc.get().uri(JOBS + "/" + ID + "/history?" + query).exchange(), 400, "invalid-parameter"),
                parameter);
    }

    @Test
    void listsJobsWithTheNextCursor() throws Exception {
        Job job = new Job(ID, 7, Specs.compile("{}"), Instant.now());
        given(service.list(eq(new JobStore.Filter(JobStatus.RUNNING, null)), eq(JobStore.Sort.CREATED), eq(2),
                eq(new JobStore.Position(9, Double.NaN))))
                .willReturn(new JobStore.Page(List.of(job.snapshot()), new JobStore.Position(7, Double.NaN)));
        given(service.list(eq(JobStore.Filter.ALL), eq(JobStore.Sort.CREATED), eq(50), isNull()))
                .willReturn(new JobStore.Page(List.of(), null));

        JsonNode page = json(mvc.get().uri(JOBS + "?status=running&limit=2&cursor=9").exchange());
        JsonNode empty = json(mvc.get().uri(JOBS).exchange());

        assertThat(page.path("jobs").get(0).path("id").asString()).isEqualTo(ID);
        assertThat(page.path("jobs").get(0).has("spec")).isFalse();
        assertThat(page.path("jobs").get(0).path("summary").asString())
                .isEqualTo("sigmoid [] · sgd 0.1 · mse · 1000 epochs");
        assertThat(page.path("next").asString()).isEqualTo("7");
        assertThat(empty.path("jobs")).isEmpty();
        assertThat(empty.has("next")).isTrue();
        assertThat(empty.path("next").isNull()).isTrue();
    }

    @Test
    void passesTheNamePrefixAndTheAccuracySortAndItsCursorOn() throws Exception {
        Job job = new Job(ID, 7, Specs.compile("{\"name\":\"relu-deep\",\"model\":{\"hiddenLayers\":[16,32,16],"
                + "\"activation\":\"relu\"}}"), Instant.now());
        given(service.list(eq(new JobStore.Filter(null, "relu-")), eq(JobStore.Sort.TEST_ACCURACY), eq(1),
                eq(new JobStore.Position(9, 0.5))))
                .willReturn(new JobStore.Page(List.of(job.snapshot()), new JobStore.Position(7, Double.NaN)));

        JsonNode page = json(mvc.get().uri(JOBS + "?name=relu-&sort=testAccuracy&limit=1&cursor=9:0.5").exchange());

        assertThat(page.path("jobs").get(0).path("name").asString()).isEqualTo("relu-deep");
        assertThat(page.path("jobs").get(0).path("summary").asString())
                .isEqualTo("relu [16,32,16] · sgd 0.1 · mse · 1000 epochs");
        assertThat(page.path("next").asString()).isEqualTo("7:none");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"limit=0, limit", "limit=501, limit", "limit=ten, limit", "status=DONE, status",
            "cursor=abc, cursor", "cursor=-3, cursor", "name=, name", "sort=accuracy, sort",
            "sort=testAccuracy&cursor=9, cursor", "cursor=9:0.5, cursor", "sort=testAccuracy&cursor=9:x, cursor"})
    void rejectsBadListParametersNamingThem(String query, String parameter) {
        error(problem(mvc.get().uri(JOBS + "?" + query).exchange(), 400, "invalid-parameter"), parameter);
    }

    @Test
    void cancelsAJob() throws Exception {
        given(service.cancel(ID)).willReturn(job(JobStatus.CANCELLED, 12));
        MvcTestResult result = mvc.post().uri(JOBS + "/" + ID + "/cancel").exchange();
        assertThat(result).hasStatusOk();
        assertThat(json(result).path("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void answers409ForACancelOfAFinishedJob() {
        given(service.cancel(ID)).willThrow(JobAlreadyFinishedException.forJob(job(JobStatus.SUCCEEDED, 1000)));
        problem(mvc.post().uri(JOBS + "/" + ID + "/cancel").exchange(), 409, "job-already-finished");
    }

    @Test
    void deletesAJobWith204() {
        assertThat(mvc.delete().uri(JOBS + "/" + ID).exchange()).hasStatus(204);
        org.mockito.Mockito.verify(service).delete(ID);
    }
}
