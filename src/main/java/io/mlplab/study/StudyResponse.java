package io.mlplab.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.job.DiagnosticsResult;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;

/**
 * A study as the API shows it: its definition, where it is, and one row of statistics per grid point.
 *
 * @param id         the study's id, as in its URL
 * @param name       its name, if any
 * @param preset     the preset it came from, if any
 * @param status     QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param progress   members ended and in all
 * @param base       the members' base spec
 * @param grid       the grid, in order
 * @param seeds      the seeds, if given
 * @param targetLoss the loss for {@code epochsToTarget}
 * @param createdAt  when it was accepted
 * @param finishedAt when its last member ended
 * @param rows       one per grid point, in grid order; absent in listings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A study: its definition, where it is, and one row per grid point.",
        example = "{\"id\":\"5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20\",\"name\":\"sigmoid-vs-relu\",\"preset\":"
                + "\"sigmoid-vs-relu\",\"status\":\"RUNNING\",\"progress\":{\"done\":3,\"total\":8},\"base\":{},"
                + "\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"]},\"targetLoss\":0.01,"
                + "\"createdAt\":\"2026-01-15T09:30:00.123Z\",\"rows\":[]}")
public record StudyResponse(
        @Schema(description = "The study's id, as in its URL.", example = "5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20")
        String id,
        @Schema(description = "Its name; absent if it has none.", example = "sigmoid-vs-relu") String name,
        @Schema(description = "The preset it came from; absent if none.", example = "sigmoid-vs-relu") String preset,
        @Schema(description = "QUEUED (no member handed to a worker yet), RUNNING, or once every member has ended: "
                + "SUCCEEDED (all succeeded), FAILED (at least one did not) or CANCELLED.", example = "RUNNING")
        StudyStatus status,
        @Schema(description = "Members ended, and in all.") Progress progress,
        @Schema(description = "The members' base job spec, as given.", example = "{}") JsonNode base,
        @Schema(description = "The grid, as given: per path into the job spec, its values in order.",
                example = "{\"model.activation\":[\"sigmoid\",\"relu\"]}") Map<String, List<JsonNode>> grid,
        @Schema(description = "The seeds; absent when each point ran once with the base's seed.",
                example = "[42, 43, 44]")
        List<Long> seeds,
        @Schema(description = "The training loss `epochsToTarget` counts to.", example = "0.01") double targetLoss,
        @Schema(description = "When the study was accepted (UTC).", example = "2026-01-15T09:30:00.123Z")
        Instant createdAt,
        @Schema(description = "When its last member ended; absent while active.", example = "2026-01-15T09:30:06.789Z")
        Instant finishedAt,
        @Schema(description = "One row per grid point, in grid order (first axis outermost); absent in listings.",
                example = "[{\"point\":{\"model.activation\":\"sigmoid\"},\"seeds\":[42],\"jobs\":[null],\"done\":0,"
                        + "\"succeeded\":0,\"failed\":0,\"cancelled\":0}]")
        List<Row> rows) {

    /**
     * @param done  members that have ended
     * @param total members in all
     */
    @Schema(name = "StudyProgress", description = "Members ended, and in all.", example = "{\"done\":3,\"total\":8}")
    public record Progress(
            @Schema(description = "Members that have ended.", example = "3") int done,
            @Schema(description = "Members in all.", example = "8") int total) {
    }

    /**
     * One grid point over its seeds.
     *
     * @param point                 per axis, its value here
     * @param seeds                 the members' seeds, in order
     * @param jobs                  the members' job ids, in seed order; null for a member not yet a job
     * @param done                  members that have ended
     * @param succeeded             members that succeeded
     * @param failed                members that failed
     * @param cancelled             members cancelled
     * @param testAccuracy          over the results of the members that ran to an end (not cancelled)
     * @param trainAccuracy         over the members' results
     * @param testLoss              over the members' results
     * @param trainLoss             over the members' results
     * @param epochsToTarget        over the members whose training loss reached {@code targetLoss}
     * @param gradientVanishedEpoch over the members in which some layer's gradient vanished: the earliest
     * @param gradientVanished      members in which some layer's gradient vanished
     * @param plateaued             members whose loss sat on a plateau
     * @param epochsCompleted       over the members that ran
     */
    @Schema(name = "StudyRow", description = "One grid point over its seeds: its members and the statistics of "
            + "their results.",
            example = "{\"point\":{\"model.activation\":\"sigmoid\",\"model.hiddenLayers\":[16,32]},\"seeds\":[42],"
                    + "\"jobs\":[\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\"],\"done\":1,\"succeeded\":1,\"failed\":0,"
                    + "\"cancelled\":0,\"testAccuracy\":{\"n\":1,\"mean\":0.46,\"std\":0.0,\"min\":0.46,\"max\":0.46}}")
    public record Row(
            @Schema(description = "Per axis of the grid, its value at this point.",
                    example = "{\"model.activation\":\"sigmoid\",\"model.hiddenLayers\":[16,32]}")
            Map<String, JsonNode> point,
            @Schema(description = "The members' seeds, in order.", example = "[42, 43]")
            List<Long> seeds,
            @Schema(description = "The members' job ids in seed order; null for a member that is not a job yet (or was "
                    + "cancelled before it became one).", example = "[\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\", null]")
            List<String> jobs,
            @Schema(description = "Members that have ended.", example = "1") int done,
            @Schema(description = "Members that SUCCEEDED.", example = "1") int succeeded,
            @Schema(description = "Members that FAILED (diverged, timed out).", example = "0") int failed,
            @Schema(description = "Members CANCELLED.", example = "0") int cancelled,
            @Schema(description = "The members' final test accuracy.") Statistics testAccuracy,
            @Schema(description = "The members' final training accuracy.") Statistics trainAccuracy,
            @Schema(description = "The members' final test loss.") Statistics testLoss,
            @Schema(description = "The members' final training loss.") Statistics trainLoss,
            @Schema(description = "The first epoch whose `train.loss` is at or below the study's `targetLoss`, over "
                    + "the members that got there.") Statistics epochsToTarget,
            @Schema(description = "The earliest epoch at which some layer's weight gradient vanished (the result's "
                    + "`diagnostics.gradientVanishedEpoch`), over the members where one did.")
            Statistics gradientVanishedEpoch,
            @Schema(description = "Members in which some layer's weight gradient vanished.", example = "1")
            int gradientVanished,
            @Schema(description = "Members whose training loss sat on a plateau (`diagnostics.plateaued`).",
                    example = "1") int plateaued,
            @Schema(description = "Epochs whose updates were all applied, over the members that ran.")
            Statistics epochsCompleted) {
    }

    static StudyResponse of(Study.Snapshot study, boolean withRows) {
        StudyPlan plan = study.plan();
        return new StudyResponse(study.id(), plan.name(), plan.preset(), study.status(),
                new Progress(study.done(), study.total()), plan.base(), plan.grid(), plan.seeds(), plan.targetLoss(),
                study.createdAt(), study.finishedAt(), withRows ? rows(study) : null);
    }

    /** The rows, in grid order. */
    static List<Row> rows(Study.Snapshot study) {
        StudyPlan plan = study.plan();
        List<List<Integer>> membersOf = new ArrayList<>();
        for (int p = 0; p < plan.points().size(); p++) {
            membersOf.add(new ArrayList<>());
        }
        for (int m = 0; m < plan.members().size(); m++) {
            membersOf.get(plan.members().get(m).point()).add(m);
        }
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < plan.points().size(); p++) {
            List<Integer> members = membersOf.get(p);
            List<Long> seeds = new ArrayList<>();
            List<String> jobs = new ArrayList<>();
            List<Study.Outcome> outcomes = new ArrayList<>();
            int succeeded = 0;
            int failed = 0;
            int cancelled = 0;
            int vanished = 0;
            int plateaued = 0;
            int done = 0;
            for (int m : members) {
                seeds.add(plan.members().get(m).seed());
                jobs.add(study.jobs().get(m));
                Study.Outcome outcome = study.outcomes().get(m);
                if (outcome == null) {
                    continue;
                }
                done++;
                if (outcome.status() != JobStatus.CANCELLED) {
                    outcomes.add(outcome);   // a cancelled member's last values would only blur the statistics
                }
                switch (outcome.status()) {
                    case SUCCEEDED -> succeeded++;
                    case FAILED -> failed++;
                    default -> cancelled++;
                }
                if (firstVanished(outcome) >= 0) {
                    vanished++;
                }
                DiagnosticsResult diagnostics = outcome.result() == null ? null : outcome.result().diagnostics();
                if (diagnostics != null && diagnostics.plateaued()) {
                    plateaued++;
                }
            }
            rows.add(new Row(plan.points().get(p), seeds, jobs, done, succeeded, failed, cancelled,
                    result(outcomes, JobResult::testAccuracy), result(outcomes, JobResult::trainAccuracy),
                    result(outcomes, JobResult::testLoss), result(outcomes, JobResult::trainLoss),
                    stats(outcomes, o -> o.epochsToTarget() < 0 ? Double.NaN : o.epochsToTarget()),
                    stats(outcomes, o -> firstVanished(o) < 0 ? Double.NaN : firstVanished(o)), vanished, plateaued,
                    result(outcomes, r -> r.epochsCompleted())));
        }
        return rows;
    }

    /** The earliest epoch at which a layer's gradient vanished in this member; -1 if none did. */
    static int firstVanished(Study.Outcome outcome) {
        DiagnosticsResult diagnostics = outcome.result() == null ? null : outcome.result().diagnostics();
        int first = -1;
        if (diagnostics != null) {
            for (Integer epoch : diagnostics.gradientVanishedEpoch()) {
                if (epoch != null && (first < 0 || epoch < first)) {
                    first = epoch;
                }
            }
        }
        return first;
    }

    private static Statistics result(List<Study.Outcome> outcomes, ToDoubleFunction<JobResult> value) {
        return stats(outcomes, o -> o.result() == null ? Double.NaN : value.applyAsDouble(o.result()));
    }

    private static Statistics stats(List<Study.Outcome> outcomes, ToDoubleFunction<Study.Outcome> value) {
        double[] values = new double[outcomes.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.applyAsDouble(outcomes.get(i));
        }
        return Statistics.of(values);
    }
}
