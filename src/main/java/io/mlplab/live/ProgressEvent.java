package io.mlplab.live;

import io.mlplab.job.History;
import io.mlplab.job.JobResponse;
import io.mlplab.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The data of one {@code progress} event: where the job is and the history it recorded since the previous
 * event. The event's id is the first epoch the next event will carry, so a client that reconnects with it
 * as {@code Last-Event-ID} receives every epoch exactly once.
 *
 * @param status   the job's status when the event was sent
 * @param progress epochs recorded and planned
 * @param history  the rows for epochs from the previous event's id up to this event's id
 */
@Schema(name = "JobProgressEvent", description = "The data of a `progress` event: the job's status and the history "
        + "rows recorded since the previous event (epochs from the previous event's id up to this event's id).",
        example = "{\"status\":\"RUNNING\",\"progress\":{\"epoch\":351,\"epochs\":1000},\"history\":{\"train\":"
                + "{\"epoch\":[349],\"loss\":[0.0071],\"learningRate\":[0.1]},\"eval\":{\"epoch\":[],\"trainLoss\":[],"
                + "\"testLoss\":[],\"trainAccuracy\":[],\"testAccuracy\":[]},\"layers\":[]}}")
public record ProgressEvent(
        @Schema(description = "The job's status when the event was sent.", example = "RUNNING") JobStatus status,
        @Schema(description = "Epochs whose loss has been recorded, and planned.") JobResponse.Progress progress,
        @Schema(description = "The rows for the epochs this event covers, in the history's columns.") History history) {
}
