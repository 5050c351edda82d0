package io.mlplab.study;

import io.mlplab.job.History;
import io.mlplab.web.ApiException;
import io.mlplab.web.ApiProblems;
import io.mlplab.web.InvalidParameterException;
import io.mlplab.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The HTTP resource {@code /api/v1/studies}: translates requests to {@link StudyService} calls and back. */
@RestController
@RequestMapping("/api/v1/studies")
@Tag(name = "studies")
class StudyController {

    static final String CSV = "text/csv";
    static final String SVG = "image/svg+xml";
    private static final int MAX_WAIT_SECONDS = 60;
    private static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 50;

    private final StudyService studies;
    private final int maxHistoryPoints;

    StudyController(StudyService studies, io.mlplab.config.StudiesProperties properties) {
        this.studies = studies;
        this.maxHistoryPoints = properties.maxHistoryPoints();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a study",
            description = "Expands the grid × seeds into member job specs and validates every one before anything "
                    + "runs: one bad member is a 400 naming it (its grid point and seed, in `member`) and the field, "
                    + "and no job is created. The members are then fed to the job executor as workers free up, so "
                    + "a study is never refused for being larger than the queue; they are ordinary jobs "
                    + "(`GET /api/v1/jobs?study={id}`).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "The study: a base spec, a grid and seeds, or a preset.",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = StudyRequest.class),
                            examples = {
                                @ExampleObject(name = "preset", summary = "The seed's study, as a preset",
                                        value = "{\"preset\":\"sigmoid-vs-relu\"}"),
                                @ExampleObject(name = "grid", summary = "The seed's study over three seeds",
                                        value = "{\"name\":\"sigmoid-vs-relu\",\"base\":{},\"grid\":{"
                                                + "\"model.activation\":[\"sigmoid\",\"relu\"],\"model.hiddenLayers\":"
                                                + "[[16],[16,32],[16,32,16],[16,32,16,8]]},\"seeds\":[42,43,44]}"),
                                @ExampleObject(name = "optimizers", summary = "Whole objects as grid values",
                                        value = "{\"base\":{\"model\":{\"hiddenLayers\":[16,32,16,8],\"activation\":"
                                                + "\"relu\"}},\"grid\":{\"training.optimizer\":[{\"type\":\"sgd\"},"
                                                + "{\"type\":\"adam\",\"learningRate\":0.001}]}}")})))
    @ApiResponse(responseCode = "202", description = "Accepted; `Location` is the study's URL.",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The study's URL.",
                    schema = @Schema(type = "string", example = "/api/v1/studies/5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = StudyResponse.class)))
    @ApiProblems({ProblemType.INVALID_STUDY, ProblemType.BODY_TOO_LARGE, ProblemType.UNSUPPORTED_MEDIA_TYPE})
    ResponseEntity<StudyResponse> submit(@RequestBody StudyRequest request) {
        Study.Snapshot study = studies.submit(request);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/studies/" + study.id()))
                .body(StudyResponse.of(study, true));
    }

    @GetMapping("/presets")
    @Operation(summary = "List the presets", description = "Each preset's name (send it as `preset`), the question "
            + "it answers, its base spec and grid.")
    @ApiResponse(responseCode = "200", description = "The presets.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = StudyPresets.Preset.class))))
    List<StudyPresets.Preset> presets() {
        return StudyPresets.ALL;
    }

    @GetMapping
    @Operation(summary = "List studies", description = "Newest first, a page at a time, without their rows; `next` "
            + "is the cursor of the next page, null on the last one.")
    @ApiResponse(responseCode = "200", description = "A page of studies.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StudyListResponse.class)))
    @ApiProblems(ProblemType.INVALID_PARAMETER)
    StudyListResponse list(
            @RequestParam(required = false) @Parameter(description = "Studies per page, 1 to 500; default 50.",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "500", example = "50")) Integer limit,
            @RequestParam(required = false) @Parameter(description = "`next` from the previous page.",
                    schema = @Schema(type = "string", example = "7")) String cursor) {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw InvalidParameterException.forParameter("limit", "must be from 1 to " + MAX_LIMIT + ", got " + pageSize);
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                before = -1L;
            }
            if (before <= 0) {
                throw InvalidParameterException.forParameter("cursor", "is not a cursor this server gave out");
            }
        }
        StudyStore.Page page = studies.list(pageSize, before);
        return new StudyListResponse(page.studies().stream().map(s -> StudyResponse.of(s, false)).toList(),
                page.next() == null ? null : page.next().toString());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a study",
            description = "Its status, progress and one row of statistics per grid point, in grid order. With "
                    + "`wait`, answers as soon as every member has ended, or after `wait` seconds with the study as "
                    + "it is; no server thread is held meanwhile.")
    @ApiResponse(responseCode = "200", description = "The study.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StudyResponse.class)))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.STUDY_NOT_FOUND})
    DeferredResult<StudyResponse> get(
            @PathVariable @Parameter(description = "The study's id.") String id,
            @RequestParam(required = false) @Parameter(description = "Seconds to wait for the study to end, 0 to 60.",
                    schema = @Schema(type = "integer", minimum = "0", maximum = "60", example = "30")) Integer wait) {
        if (wait != null && (wait < 0 || wait > MAX_WAIT_SECONDS)) {
            throw InvalidParameterException.forParameter("wait",
                    "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS + ", got " + wait);
        }
        Duration timeout = Duration.ofSeconds(wait == null ? 0 : wait);
        DeferredResult<StudyResponse> answer = new DeferredResult<>(timeout.plusSeconds(10).toMillis());
        studies.await(id, timeout).whenComplete((study, failure) -> {
            if (failure != null) {
                answer.setErrorResult(failure);
            } else {
                answer.setResult(StudyResponse.of(study, true));
            }
        });
        return answer;
    }

    @GetMapping(value = "/{id}/table.csv", produces = CSV)
    @Operation(summary = "Get a study's table as CSV",
            description = "`per=point` (default): one row per grid point, one column per axis and per statistic "
                    + "(`testAccuracy_mean`, `testAccuracy_std`, … `epochsToTarget_mean`, …, `reachedTarget`, "
                    + "`gradientVanished`, `plateaued`). `per=job`: one row per member, with its seed, job id, status "
                    + "and result. Axis values that are arrays or objects are compact JSON; a missing number is an "
                    + "empty field. `pandas.read_csv(url)` reads it.")
    @ApiResponse(responseCode = "200", description = "The table.", content = @Content(mediaType = CSV,
            schema = @Schema(type = "string", example = "model.activation,model.hiddenLayers,members,done,...\r\n"
                    + "sigmoid,[16],1,1,...\r\n")))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.STUDY_NOT_FOUND})
    ResponseEntity<String> table(@PathVariable @Parameter(description = "The study's id.") String id,
                                 @RequestParam(defaultValue = "point") @Parameter(description = "`point` or `job`.",
                                         schema = @Schema(allowableValues = {"point", "job"})) String per) {
        Study.Snapshot study = studies.find(id);
        String csv = switch (per) {
            case "point" -> StudyCsv.perPoint(study);
            case "job" -> StudyCsv.perJob(study);
            default -> throw InvalidParameterException.forParameter("per", "must be point or job, got '" + per + "'");
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8")).body(csv);
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Get the members' loss histories",
            description = "Every member's training loss and test loss and accuracy, at the epochs divisible by "
                    + "`every` (and each member's last), in one answer of at most `mlp.studies.max-history-points` "
                    + "values: without `every`, the smallest `every` that fits; a smaller one is a 400.")
    @ApiResponse(responseCode = "200", description = "The histories.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StudyHistory.class)))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.STUDY_NOT_FOUND})
    StudyHistory history(@PathVariable @Parameter(description = "The study's id.") String id,
                         @RequestParam(required = false) @Parameter(description = "Keep every `every`-th epoch; 1 keeps "
                                 + "all.", schema = @Schema(type = "integer", minimum = "1", example = "10")) Integer every) {
        if (every != null && every < 1) {
            throw InvalidParameterException.forParameter("every", "must be 1 or more, got " + every);
        }
        Study.Snapshot study = studies.find(id);
        List<History> histories = histories(study);
        int longest = 0;
        for (History history : histories) {
            longest = Math.max(longest, history == null ? 0 : history.train().epoch().length);
        }
        // the smallest every that fits: kept values shrink (all but exactly) as every grows
        int low = 1;
        int high = longest + 1;
        if (StudyHistory.values(histories, high) > maxHistoryPoints) {
            throw InvalidParameterException.forParameter("every", "cannot fit this study's " + histories.size()
                    + " members into the server's limit mlp.studies.max-history-points of " + maxHistoryPoints);
        }
        while (low < high) {
            int middle = low + (high - low) / 2;
            if (StudyHistory.values(histories, middle) <= maxHistoryPoints) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        int smallest = low;
        while (StudyHistory.values(histories, smallest) > maxHistoryPoints) {
            smallest++;
        }
        if (every != null && StudyHistory.values(histories, every) > maxHistoryPoints) {
            throw InvalidParameterException.forParameter("every", "must be at least " + smallest + " for this study: "
                    + "every " + every + " keeps " + StudyHistory.values(histories, every) + " values, more than the "
                    + "server's limit mlp.studies.max-history-points of " + maxHistoryPoints);
        }
        int step = every != null ? every : smallest;
        List<StudyHistory.Member> kept = new ArrayList<>();
        for (int m = 0; m < histories.size(); m++) {
            if (histories.get(m) != null) {
                StudyPlan.Member member = study.plan().members().get(m);
                kept.add(StudyHistory.member(study.plan().points().get(member.point()), member.seed(),
                        study.jobs().get(m), histories.get(m), step));
            }
        }
        return new StudyHistory(step, kept);
    }

    @GetMapping(value = "/{id}/plot.svg", produces = SVG)
    @Operation(summary = "Plot a study",
            description = "`series=loss` (default): one curve per grid point, the mean training loss over its seeds "
                    + "with a min-max band, log scale. `series=accuracy`: the mean test accuracy per grid point, as a "
                    + "heatmap for a grid of two axes, as bars (with min-max whiskers) otherwise.")
    @ApiResponse(responseCode = "200", description = "The chart.", content = @Content(mediaType = SVG,
            schema = @Schema(type = "string")))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.STUDY_NOT_FOUND})
    ResponseEntity<String> plot(@PathVariable @Parameter(description = "The study's id.") String id,
                                @RequestParam(defaultValue = "loss") @Parameter(description = "`loss` or `accuracy`.",
                                        schema = @Schema(allowableValues = {"loss", "accuracy"})) String series) {
        Study.Snapshot study = studies.find(id);
        String svg = switch (series) {
            case "loss" -> {
                List<History> histories = histories(study);
                yield StudyPlots.loss(study, histories::get);
            }
            case "accuracy" -> StudyPlots.accuracy(study);
            default -> throw InvalidParameterException.forParameter("series",
                    "must be loss or accuracy, got '" + series + "'");
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(SVG)).body(svg);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a study", description = "Members that have not ended end CANCELLED: waiting ones "
            + "never become jobs, queued ones never start, running ones stop within an epoch. The answer is the "
            + "study, now CANCELLED.")
    @ApiResponse(responseCode = "200", description = "The study, now CANCELLED.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StudyResponse.class)))
    @ApiProblems({ProblemType.STUDY_NOT_FOUND, ProblemType.STUDY_ALREADY_FINISHED})
    StudyResponse cancel(@PathVariable @Parameter(description = "The study's id.") String id) {
        return StudyResponse.of(studies.cancel(id), true);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a study", description = "Cancels the study if it is still active, then forgets it "
            + "and deletes its member jobs.")
    @ApiResponse(responseCode = "204", description = "Forgotten, with its jobs.", content = @Content)
    @ApiProblems(ProblemType.STUDY_NOT_FOUND)
    ResponseEntity<Void> delete(@PathVariable @Parameter(description = "The study's id.") String id) {
        studies.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** Per member, its job's history; null for a member that is not a job, or whose job was deleted. */
    private List<History> histories(Study.Snapshot study) {
        List<History> histories = new ArrayList<>();
        for (String job : study.jobs()) {
            History history = null;
            if (job != null) {
                try {
                    history = studies.history(job);
                } catch (ApiException e) {
                    // deleted on its own
                }
            }
            histories.add(history);
        }
        return histories;
    }
}
