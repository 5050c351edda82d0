package io.mlplab.live;

import io.mlplab.web.ApiProblems;
import io.mlplab.web.InvalidParameterException;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/jobs/{id}/events}: a job's progress and history as server-sent events, live. */
@RestController
@Tag(name = "jobs")
class JobEventsController {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JobEventStreams streams;

    JobEventsController(JobEventStreams streams) {
        this.streams = streams;
    }

    @GetMapping("/api/v1/jobs/{id}/events")
    @Operation(summary = "Follow a job live (server-sent events)",
            description = """
                    A `text/event-stream` of the job's progress. Each `progress` event's data is a \
                    `JobProgressEvent`: the status and the history rows recorded since the previous event, at \
                    most four events a second and only when something changed. Its `id` is the first epoch the \
                    next event will carry; reconnecting with that id as `Last-Event-ID` (browsers' EventSource \
                    does it by itself) resumes there, so every epoch arrives exactly once. When the job has \
                    ended, a last `progress` event carries the remaining rows, an `end` event carries the job \
                    (as `GET /api/v1/jobs/{id}` shows it; `{}` if the job was deleted meanwhile) and the \
                    stream closes. A job already ended answers its whole history in one event, then `end`. \
                    Comment lines (`: heartbeat`) keep a quiet stream alive.""")
    @ApiResponse(responseCode = "200", description = "The event stream; each `progress` event's `data` is one "
            + "`JobProgressEvent` as JSON, the `end` event's `data` is the job.",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = ProgressEvent.class),
                    examples = @ExampleObject(name = "stream", summary = "The stream of a three-epoch job",
                            value = """
                                    id:2
                                    event:progress
                                    data:{"status":"RUNNING","progress":{"epoch":3,"epochs":3},"history":{"train":{"epoch":[0,1],"loss":[0.2497,0.2496],"learningRate":[0.1,0.1]},"eval":{"epoch":[0],"trainLoss":[0.2496],"testLoss":[0.2497],"trainAccuracy":[0.5],"testAccuracy":[0.48]},"layers":[]}}

                                    id:3
                                    event:progress
                                    data:{"status":"SUCCEEDED","progress":{"epoch":3,"epochs":3},"history":{"train":{"epoch":[2],"loss":[0.2495],"learningRate":[0.1]},"eval":{"epoch":[2],"trainLoss":[0.2494],"testLoss":[0.2495],"trainAccuracy":[0.51],"testAccuracy":[0.49]},"layers":[]}}

                                    id:3
                                    event:end
                                    data:{"id":"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90","status":"SUCCEEDED","progress":{"epoch":3,"epochs":3}}
                                    """)))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.JOB_NOT_FOUND})
    SseEmitter events(@PathVariable @Parameter(description = "The job's id.") String id,
                      @RequestHeader(name = LAST_EVENT_ID, required = false)
                      @Parameter(description = "The id of the last event received: the stream resumes at that "
                              + "epoch. Absent, it starts at epoch 0.",
                              schema = @Schema(type = "string", example = "350")) String lastEventId) {
        return streams.open(id, parseLastEventId(lastEventId));
    }

    private static int parseLastEventId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            int from = Integer.parseInt(lastEventId.trim());
            if (from >= 0) {
                return from;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidParameterException.forHeader(LAST_EVENT_ID,
                "must be the id of an event of this stream (an epoch, 0 or more), got " + lastEventId);
    }
}
