package io.mlplab.plot;

import io.mlplab.inspect.JobInspector;
import io.mlplab.job.History;
import io.mlplab.job.Job;
import io.mlplab.job.JobService;
import io.mlplab.job.LayerHistory;
import io.mlplab.web.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A job's history as pictures: the loss curves, and the per-layer gradient norms on a log scale. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "plots", description = "A job's history as SVG charts.")
class PlotController {

    static final String SVG = "image/svg+xml";
    private static final String PROBLEM = "application/problem+json";

    /** The most points of each set a boundary chart draws (the first ones: the split's order is random). */
    static final int MAX_POINTS = 2000;

    private final JobService jobs;
    private final JobInspector inspector;

    PlotController(JobService jobs, JobInspector inspector) {
        this.jobs = jobs;
        this.inspector = inspector;
    }

    @GetMapping(value = "/{id}/plot.svg", produces = SVG)
    @Operation(summary = "Plot a job's history",
            description = "`series=loss`: training loss per epoch and test loss per evaluation, log scale. "
                    + "`series=accuracy`: training and test accuracy per evaluation. "
                    + "`series=gradients`: every weight layer's weight-gradient norm per diagnostic epoch, log scale "
                    + "(needs diagnostics on). `series=boundary`: for data with two features, the trained network's "
                    + "decision regions over the data's range (colored by predicted class, shaded by confidence) with "
                    + "the training points (filled) and test points (hollow) on top, at most 2000 of each, titled with "
                    + "the epoch of the weights drawn: the job's final weights once it has ended; while it runs, its "
                    + "weights at the end of a recent epoch (copied at most once a second, so each request a second or "
                    + "more after the last draws newer ones; the request waits up to a second for the epoch the job "
                    + "is in to end). 409 while the job is queued or has not finished its first epoch, and for a job "
                    + "that ended before it trained. Renders in a browser and with IPython.display.SVG.")
    @ApiResponse(responseCode = "200", description = "The chart.", content = @Content(mediaType = SVG,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "`series` is unknown, `gradients` for a job without diagnostics, "
            + "or `boundary` for data without exactly two features.", content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "409", description = "`boundary` for a job without weights yet: queued, before the end "
            + "of its first epoch, or ended before it trained.",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "404", description = "No job has this id.", content = @Content(mediaType = PROBLEM))
    String plot(@PathVariable @Parameter(description = "The job's id.") String id,
                @RequestParam(defaultValue = "loss") @Parameter(description = "What to draw: `loss`, `accuracy`, "
                        + "`gradients` or `boundary`.", schema = @Schema(allowableValues = {"loss", "accuracy",
                        "gradients", "boundary"})) String series) {
        Job.Snapshot job = jobs.find(id);
        History history = jobs.history(id, 0);
        String name = job.name() != null ? job.name() : job.id();
        String title = name + " (" + job.status() + ")";
        return switch (series) {
            case "loss" -> loss(title, history);
            case "accuracy" -> accuracy(title, history);
            case "gradients" -> gradients(title, history);
            case "boundary" -> boundary(name, inspector.boundary(id));
            default -> throw InvalidParameterException.forParameter("series",
                    "must be loss, accuracy, gradients or boundary, got '" + series + "'");
        };
    }

    static String loss(String title, History history) {
        return new LineChart("Loss: " + title, "epoch", "loss (log scale)", true)
                .add("train", toDoubles(history.train().epoch()), history.train().loss())
                .add("test", toDoubles(history.eval().epoch()), history.eval().testLoss())
                .toSvg();
    }

    static String accuracy(String title, History history) {
        return new LineChart("Accuracy: " + title, "epoch", "accuracy", false)
                .add("train", toDoubles(history.eval().epoch()), history.eval().trainAccuracy())
                .add("test", toDoubles(history.eval().epoch()), history.eval().testAccuracy())
                .toSvg();
    }

    /** Titled with the epoch of the weights drawn and the job's status when they were taken. */
    static String boundary(String name, JobInspector.Boundary b) {
        String title = "Decision regions after epoch " + b.epoch() + ": " + name + " (" + b.status() + ")";
        return new BoundaryChart(title, b.range(), b.grid(), b.predicted(), b.confidence(),
                b.classes()).toSvg(first(b.train().x()), first(b.train().y()), first(b.test().x()), first(b.test().y()));
    }

    private static double[][] first(double[][] rows) {
        return rows.length <= MAX_POINTS ? rows : java.util.Arrays.copyOf(rows, MAX_POINTS);
    }

    private static int[] first(int[] labels) {
        return labels.length <= MAX_POINTS ? labels : java.util.Arrays.copyOf(labels, MAX_POINTS);
    }

    static String gradients(String title, History history) {
        List<LayerHistory> layers = history.layers();
        if (layers.isEmpty()) {
            throw InvalidParameterException.forParameter("series",
                    "gradients need diagnostics, and this job ran with diagnostics.every = 0");
        }
        LineChart chart = new LineChart("Weight-gradient norm per layer: " + title, "epoch",
                "‖dW‖ (log scale)", true);
        for (int l = 0; l < layers.size(); l++) {
            String name = l == layers.size() - 1 ? "layer " + (l + 1) + " (output)" : "layer " + (l + 1);
            chart.add(name, toDoubles(layers.get(l).epoch()), layers.get(l).weightGradNorm());
        }
        return chart.toSvg();
    }

    private static double[] toDoubles(int[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
