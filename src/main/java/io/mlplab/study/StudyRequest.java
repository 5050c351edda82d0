package io.mlplab.study;

import io.mlplab.spec.JobSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A study as clients write it: a base job spec, a grid of values for paths into it, and seeds; or a preset.
 * The members are the product of the grid's values (first axis outermost) and the seeds.
 *
 * @param name       free text for people
 * @param preset     a preset's name; combines with {@code name}, {@code seeds} and {@code targetLoss} only
 * @param base       the job spec every member starts from; absent: {@code {}}, the seed's experiment
 * @param grid       per path into the job spec ({@code model.activation}, {@code training.optimizer}, {@code seed}),
 *                   the values it takes; a value replaces what the base has at that path
 * @param seeds      each grid point runs once per seed; absent: once, with the base's seed
 * @param targetLoss the training loss whose first epoch at or below it the table reports as {@code epochsToTarget}
 */
@Schema(description = "A study: a base job spec, a grid of values for paths into it and seeds, or a preset. The "
        + "members are the product of the grid (first axis outermost) and the seeds; each is validated by the job "
        + "spec's rules before anything runs.",
        example = "{\"name\":\"sigmoid-vs-relu\",\"base\":{},\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"],"
                + "\"model.hiddenLayers\":[[16],[16,32],[16,32,16],[16,32,16,8]]},\"seeds\":[42,43,44]}")
public record StudyRequest(
        @Schema(description = "Free text for people; members without a name of their own are named after it and "
                + "their grid point.", example = "sigmoid-vs-relu", nullable = true, maxLength = 200)
        String name,
        @Schema(description = "A preset's name (`GET /api/v1/studies/presets`); it fixes `base` and `grid`, so it "
                + "combines with `name`, `seeds` and `targetLoss` only.", example = "sigmoid-vs-relu", nullable = true)
        String preset,
        @Schema(description = "The job spec every member starts from; absent: `{}`, the seed's experiment.",
                implementation = JobSpec.class)
        JsonNode base,
        @Schema(description = "Per path into the job spec (dot-separated field names, `seed` included), the values "
                + "it takes, in order; each value replaces what the base has there (a whole object for "
                + "`training.optimizer`). Absent: one grid point, the base itself.",
                example = "{\"model.activation\":[\"sigmoid\",\"relu\"],\"model.hiddenLayers\":[[16],[16,32]]}",
                nullable = true)
        Map<String, List<JsonNode>> grid,
        @Schema(description = "Each grid point runs once per seed (the job spec's `seed`, 0 to 4294967295, each once); "
                + "absent: once, with the base's seed.", example = "[42, 43, 44]", nullable = true)
        List<Long> seeds,
        @Schema(description = "A training loss; the table's `epochsToTarget` is the first epoch whose `train.loss` is "
                + "at or below it. Default 0.01.", example = "0.01", exclusiveMinimumValue = 0, nullable = true)
        Double targetLoss) {

    /** The {@code targetLoss} when none is given. */
    static final double TARGET_LOSS = 0.01;
}
