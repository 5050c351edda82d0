package io.mlplab.inspect;

import io.mlplab.web.ApiProblems;
import io.mlplab.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A job's data, its trained network and its predictions: {@code /api/v1/jobs/{id}/data|model|predict}. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "inspect", description = "What a job trained on, what it learned and what it predicts.")
class InspectController {

    /** Which weights answer, as the predict and model operations document it. */
    static final String WEIGHTS = "The job's final weights once it has ended after training (a cancelled or failed "
            + "job keeps those of its last complete update). While it runs: its weights at the end of a recent epoch, "
            + "copied from the training thread on request at most once a second (a request a second or more after the "
            + "last copy waits up to a second for the epoch the job is in to end, so that training never waits for it; "
            + "requests within that second share the last copy). `epoch` names the epochs the weights have trained "
            + "and `final` says whether they are the final ones. 409 while the job is queued or has not finished its "
            + "first epoch, and for a job that ended before it trained.";

    private final JobInspector inspector;

    InspectController(JobInspector inspector) {
        this.inspector = inspector;
    }

    @GetMapping(value = "/{id}/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job's data",
            description = "The features as generated (before standardization) and the labels, split as the job "
                    + "trained on them, with the scaler. Available in every state: the data are made again from the "
                    + "job's spec, draw for draw. At most 250000 numbers (rows × (features + 1)); larger sets are "
                    + "refused with 413.")
    @ApiResponse(responseCode = "200", description = "The data.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DataResponse.class)))
    @ApiProblems({ProblemType.JOB_NOT_FOUND, ProblemType.ANSWER_TOO_LARGE})
    DataResponse data(@PathVariable @Parameter(description = "The job's id.") String id) {
        return inspector.data(id);
    }

    @PostMapping(value = "/{id}/predict", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Predict with a job's trained network",
            description = "Rows in the raw feature space (the job's scaler is applied), at most 10000 rows and 5e8 "
                    + "multiply-adds (rows × parameters). " + WEIGHTS,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PredictRequest.class),
                            examples = @ExampleObject(name = "two-rows", value = "{\"x\":[[0.0,0.5],[1.0,-0.5]]}"))))
    @ApiResponse(responseCode = "200", description = "One answer per row.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PredictResponse.class)))
    @ApiProblems({ProblemType.INVALID_INPUT, ProblemType.INVALID_SPEC, ProblemType.JOB_NOT_FOUND,
        ProblemType.JOB_NOT_TRAINED, ProblemType.BODY_TOO_LARGE, ProblemType.UNSUPPORTED_MEDIA_TYPE})
    PredictResponse predict(@PathVariable @Parameter(description = "The job's id.") String id,
                            @RequestBody PredictRequest request) {
        return inspector.predict(id, request.x());
    }

    @GetMapping(value = "/{id}/model", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job's trained network",
            description = "Every layer's weights, (in, out) as the engine holds them, and the scaler: enough to "
                    + "compute the forward pass in numpy. 413 above 250000 numbers. " + WEIGHTS)
    @ApiResponse(responseCode = "200", description = "The network.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelResponse.class)))
    @ApiProblems({ProblemType.JOB_NOT_FOUND, ProblemType.JOB_NOT_TRAINED, ProblemType.ANSWER_TOO_LARGE})
    ModelResponse model(@PathVariable @Parameter(description = "The job's id.") String id) {
        return inspector.model(id);
    }
}
