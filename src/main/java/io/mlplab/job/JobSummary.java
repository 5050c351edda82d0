package io.mlplab.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.spec.SpecSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A job in a listing: everything but the spec, which it sums up in one line.
 *
 * @param id         the job's id
 * @param name       the spec's name, if any
 * @param summary    the spec in one line ({@link SpecSummary})
 * @param status     where the job is
 * @param progress   epochs done and planned
 * @param createdAt  when the job was accepted
 * @param startedAt  when a worker started it
 * @param finishedAt when it ended
 * @param result     the model it ended with
 * @param error      why it failed, or SHUTDOWN
 * @param study      the id of the study the job is a member of, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A job in a listing: the job without its spec, which `summary` sums up in one line.",
        example = "{\"id\":\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\",\"name\":\"relu-3-hidden\","
        + "\"summary\":\"relu [16,32,16] · sgd 0.1 · mse · 1000 epochs\",\"status\":\"QUEUED\",\"progress\":{\"epoch\":0,"
        + "\"epochs\":1000},\"createdAt\":\"2026-01-15T09:30:00.123Z\"}")
public record JobSummary(
        @Schema(description = "The job's id.", example = "0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90") String id,
        @Schema(description = "The spec's name; absent if it has none.", example = "relu-3-hidden") String name,
        @Schema(description = "The spec in one line: the network (hidden activation and widths, or the `layers` "
                + "list; `→` the output activation when it differs), the optimizer and its learning rate, the "
                + "loss, the epochs, then only what differs from the seed study's experiment (initialization, "
                + "schedule, batch size, data kind, seed).",
                example = "relu [16,32,16] · sgd 0.1 · mse · 1000 epochs") String summary,
        @Schema(description = "Where the job is.", example = "RUNNING") JobStatus status,
        @Schema(description = "Epochs done and planned.") JobResponse.Progress progress,
        @Schema(description = "When the job was accepted (UTC).", example = "2026-01-15T09:30:00.123Z")
        Instant createdAt,
        @Schema(description = "When a worker started it; absent while queued.", example = "2026-01-15T09:30:00.456Z")
        Instant startedAt,
        @Schema(description = "When it ended; absent while active.", example = "2026-01-15T09:30:01.234Z")
        Instant finishedAt,
        @Schema(description = "The model it ended with; absent while active.") JobResult result,
        @Schema(description = "Why it failed, or SHUTDOWN.") JobError error,
        @Schema(description = "The id of the study this job is a member of; absent for a job submitted on its own.",
                example = "5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20") String study) {

    static JobSummary of(Job.Snapshot job) {
        return new JobSummary(job.id(), job.name(), SpecSummary.of(job.spec()), job.status(),
                new JobResponse.Progress(job.epoch(), job.epochs()),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.result(), job.error(), job.study());
    }
}
