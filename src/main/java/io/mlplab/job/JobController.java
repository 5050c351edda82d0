package io.mlplab.job;

import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.web.ApiProblems;
import io.mlplab.web.InvalidParameterException;
import io.mlplab.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The HTTP resource {@code /api/v1/jobs}: translates requests to {@link JobService} calls and back. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "jobs")
class JobController {

    static final int MAX_WAIT_SECONDS = 60;
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;

    private final JobService jobs;
    private final SpecCompiler compiler;

    JobController(JobService jobs, SpecCompiler compiler) {
        this.jobs = jobs;
        this.compiler = compiler;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a training job",
            description = "Validates the spec, fills in every absent field with the seed study's value and queues "
                    + "the job. `{}` trains the seed's experiment.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "The experiment; every field is optional.",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = JobSpec.class),
                            examples = {
                                @ExampleObject(name = "relu-3-hidden",
                                        summary = "The seed's ReLU row, three hidden layers",
                                        value = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}"),
                                @ExampleObject(name = "seed", summary = "The seed study's experiment", value = "{}")})))
    @ApiResponse(responseCode = "202", description = "Accepted; the body is the job as accepted (usually "
            + "QUEUED, but a free worker may already have started or even finished it). `Location` is the job's URL.",
            headers = @Header(name = HttpHeaders.LOCATION, description = "The job's URL.",
                    schema = @Schema(type = "string", example = "/api/v1/jobs/0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = JobResponse.class)))
    @ApiProblems({ProblemType.INVALID_SPEC, ProblemType.BODY_TOO_LARGE, ProblemType.UNSUPPORTED_MEDIA_TYPE,
            ProblemType.QUEUE_FULL, ProblemType.SHUTTING_DOWN})
    ResponseEntity<JobResponse> submit(@RequestBody JobSpec spec) {
        Job.Snapshot job = jobs.submit(compiler.compile(spec));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .eTag(job.etag())
                .body(JobResponse.of(job));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job",
            description = "With `wait`, answers as soon as the job has ended, or after `wait` seconds with its "
                    + "current state; no server thread is held meanwhile. Sends an `ETag`; `If-None-Match` with "
                    + "the current tag answers 304.")
    @ApiResponse(responseCode = "200", description = "The job.",
            headers = @Header(name = HttpHeaders.ETAG, description = "Changes whenever the job does.",
                    schema = @Schema(type = "string", example = "\"3.1000\"")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = JobResponse.class)))
    @ApiResponse(responseCode = "304", description = "The job has not changed since the `If-None-Match` tag.",
            content = @Content)
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.JOB_NOT_FOUND})
    DeferredResult<ResponseEntity<JobResponse>> get(
            @PathVariable @Parameter(description = "The job's id.") String id,
            @RequestParam(required = false) @Parameter(description = "Seconds to wait for the job to end, 0 to 60.",
                    schema = @Schema(type = "integer", minimum = "0", maximum = "60", example = "30")) Integer wait,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
            @Parameter(description = "An `ETag` from an earlier answer.") String ifNoneMatch) {
        if (wait != null && (wait < 0 || wait > MAX_WAIT_SECONDS)) {
            throw InvalidParameterException.forParameter("wait",
                    "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS + ", got " + wait);
        }
        Duration timeout = Duration.ofSeconds(wait == null ? 0 : wait);
        // the service's future completes at the deadline; the async timeout is only a backstop
        DeferredResult<ResponseEntity<JobResponse>> answer = new DeferredResult<>(timeout.plusSeconds(10).toMillis());
        jobs.await(id, timeout).whenComplete((job, failure) -> {
            if (failure != null) {
                answer.setErrorResult(failure);
            } else {
                answer.setResult(respond(job, ifNoneMatch));
            }
        });
        return answer;
    }

    private static ResponseEntity<JobResponse> respond(Job.Snapshot job, String ifNoneMatch) {
        String etag = job.etag();
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(JobResponse.of(job));
    }

    /** {@code If-None-Match} uses the weak comparison: {@code W/"x"} matches {@code "x"}, and {@code *} anything. */
    private static boolean matches(String ifNoneMatch, String etag) {
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Get a job's recorded series",
            description = "Columns of equal length; `from` returns only epochs at or after it, so a poller fetches "
                    + "just what is new.")
    @ApiResponse(responseCode = "200", description = "The history.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = History.class)))
    @ApiProblems({ProblemType.INVALID_PARAMETER, ProblemType.JOB_NOT_FOUND})
    History history(@PathVariable @Parameter(description = "The job's id.") String id,
                    @RequestParam(required = false) @Parameter(description = "The first epoch to return.",
                            schema = @Schema(type = "integer", minimum = "0", example = "500")) Integer from) {
        if (from != null && from < 0) {
            throw InvalidParameterException.forParameter("from", "must be 0 or more, got " + from);
        }
        return jobs.history(id, from == null ? 0 : from);
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "A page at a time, newest first or best test accuracy first; "
            + "`next` is the cursor of the next page (pass it with the same filters and sort), null on the last "
            + "one. Each job comes with `summary`, its spec in one line.")
    @ApiResponse(responseCode = "200", description = "A page of jobs.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobListResponse.class)))
    @ApiProblems(ProblemType.INVALID_PARAMETER)
    JobListResponse list(
            @RequestParam(required = false) @Parameter(description = "Only jobs with this status.",
                    schema = @Schema(implementation = JobStatus.class, example = "RUNNING")) String status,
            @RequestParam(required = false) @Parameter(description = "Only jobs whose name starts with this "
                    + "(case-sensitive); unnamed jobs never match.",
                    schema = @Schema(type = "string", example = "relu-", minLength = 1)) String name,
            @RequestParam(required = false) @Parameter(description = "The order: `created` (newest first, the "
                    + "default) or `testAccuracy` (highest first, ties newest first; jobs without a result yet "
                    + "last).", schema = @Schema(type = "string", allowableValues = {"created", "testAccuracy"},
                    example = "testAccuracy")) String sort,
            @RequestParam(required = false) @Parameter(description = "Jobs per page, 1 to 500; default 50.",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "500", example = "50")) Integer limit,
            @RequestParam(required = false) @Parameter(description = "`next` from the previous page.",
                    schema = @Schema(type = "string", example = "17")) String cursor,
            @RequestParam(required = false) @Parameter(description = "Only the members of the study with this id.",
                    schema = @Schema(type = "string", example = "5d1e8c3a-2f4b-4a6e-9c7d-1b3a5e7f9d20")) String study) {
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            throw InvalidParameterException.forParameter("limit",
                    "must be from 1 to " + MAX_LIMIT + ", got " + pageSize);
        }
        if (name != null && name.isEmpty()) {
            throw InvalidParameterException.forParameter("name", "must not be empty");
        }
        JobStore.Sort order = parseSort(sort);
        JobStore.Filter filter = new JobStore.Filter(parseStatus(status), name, study);
        JobStore.Page page = jobs.list(filter, order, pageSize, parseCursor(cursor, order));
        return new JobListResponse(page.jobs().stream().map(JobSummary::of).toList(),
                page.next() == null ? null : cursorOf(page.next(), order));
    }

    private static JobStatus parseStatus(String status) {
        if (status == null) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidParameterException.forParameter("status", "must be one of "
                    + Arrays.stream(JobStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static JobStore.Sort parseSort(String sort) {
        if (sort == null || sort.equals("created")) {
            return JobStore.Sort.CREATED;
        }
        if (sort.equals("testAccuracy")) {
            return JobStore.Sort.TEST_ACCURACY;
        }
        throw InvalidParameterException.forParameter("sort", "must be created or testAccuracy, got " + sort);
    }

    /** {@code 17} by creation; {@code 17:0.95} (or {@code 17:none}) by test accuracy. */
    private static String cursorOf(JobStore.Position position, JobStore.Sort sort) {
        if (sort == JobStore.Sort.CREATED) {
            return Long.toString(position.sequence());
        }
        double accuracy = position.testAccuracy();
        return position.sequence() + ":" + (Double.isNaN(accuracy) ? "none" : Double.toString(accuracy));
    }

    private static JobStore.Position parseCursor(String cursor, JobStore.Sort sort) {
        if (cursor == null) {
            return null;
        }
        String[] parts = cursor.split(":", -1);
        try {
            long sequence = Long.parseLong(parts[0]);
            if (sequence > 0 && sort == JobStore.Sort.CREATED && parts.length == 1) {
                return new JobStore.Position(sequence, Double.NaN);
            }
            if (sequence > 0 && sort == JobStore.Sort.TEST_ACCURACY && parts.length == 2) {
                double accuracy = parts[1].equals("none") ? Double.NaN : Double.parseDouble(parts[1]);
                if (Double.isNaN(accuracy) == parts[1].equals("none")) {
                    return new JobStore.Position(sequence, accuracy);
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw InvalidParameterException.forParameter("cursor", "is not a cursor this server gave out for this sort");
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job never starts; a running one stops before its "
            + "next epoch. The answer is the job, now CANCELLED.")
    @ApiResponse(responseCode = "200", description = "The job, now CANCELLED.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobResponse.class)))
    @ApiProblems({ProblemType.JOB_NOT_FOUND, ProblemType.JOB_ALREADY_FINISHED})
    JobResponse cancel(@PathVariable @Parameter(description = "The job's id.") String id) {
        return JobResponse.of(jobs.cancel(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a job", description = "Cancels the job if it is still active, then forgets it.")
    @ApiResponse(responseCode = "204", description = "Forgotten.", content = @Content)
    @ApiProblems(ProblemType.JOB_NOT_FOUND)
    ResponseEntity<Void> delete(@PathVariable @Parameter(description = "The job's id.") String id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
    }
}
