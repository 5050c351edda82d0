package io.mlplab.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.spec.JobSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A job as the API shows it. Fields without a value (a queued job's {@code startedAt}, a running job's
 * {@code result}) are left out.
 *
 * @param id         the job's id, as in its URL
 * @param name       the spec's name, if any
 * @param status     QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param spec       the full spec with every default filled in
 * @param progress   epochs done and planned
 * @param createdAt  when the job was accepted
 * @param startedAt  when a worker started it
 * @param finishedAt when it ended
 * @param result     the model it ended with; present once it has ended and trained at all
 * @param error      why it failed, or SHUTDOWN if the server cancelled it
 * @param study      the id of the study the job is a member of, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A training job.", example = "{\"id\":\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\","
        + "\"status\":\"RUNNING\",\"spec\":{},\"progress\":{\"epoch\":350,\"epochs\":1000},"
        + "\"createdAt\":\"2026-01-15T09:30:00.123Z\",\"startedAt\":\"2026-01-15T09:30:00.456Z\"}")
public record JobResponse(
        @Schema(description = "The job's id, as in its URL.", example = "0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90")
        String id,
        @Schema(description = "The spec's name; absent if it has none.", example = "relu-3-hidden")
        String name,
        @Schema(description = "Where the job is: it only moves forward, QUEUED → RUNNING → SUCCEEDED, FAILED or "
                + "CANCELLED.", example = "SUCCEEDED")
        JobStatus status,
        @Schema(description = "The full spec with every default filled in.") JobSpec spec,
        @Schema(description = "Epochs done and planned.") Progress progress,
        @Schema(description = "When the job was accepted (UTC).", example = "2026-01-15T09:30:00.123Z")
        Instant createdAt,
        @Schema(description = "When a worker started it; absent while queued.", example = "2026-01-15T09:30:00.456Z")
        Instant startedAt,
        @Schema(description = "When it ended; absent while active.", example = "2026-01-15T09:30:01.234Z")
        Instant finishedAt,
        @Schema(description = "The model it ended with. Present once the job has ended, if it trained at all; for "
                + "a job cancelled while running, once its worker has stopped (within one epoch).")
        JobResult result,
        @Schema(description = "Why it failed; for CANCELLED only when the server shut down (code SHUTDOWN).")
        JobError error,
        @Schema(description = "The id of the study this job is a member of; absent for a job submitted on its own.",
                example = "5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20")
        String study) {

    public static JobResponse of(Job.Snapshot job) {
        return new JobResponse(job.id(), job.name(), job.status(), job.spec(), new Progress(job.epoch(), job.epochs()),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.result(), job.error(), job.study());
    }

    /**
     * How far a job has come.
     *
     * @param epoch  epochs whose loss has been recorded
     * @param epochs epochs the job runs if nothing stops it
     */
    @Schema(name = "Progress", description = "How far the job has come.", example = "{\"epoch\":350,\"epochs\":1000}")
    public record Progress(
            @Schema(description = "Epochs whose loss has been recorded so far.", example = "350") int epoch,
            @Schema(description = "Epochs the job runs if nothing stops it.", example = "1000") int epochs) {
    }
}
