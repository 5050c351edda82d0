package io.mlplab.plot;

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

    private final JobService jobs;

    PlotController(JobService jobs) {
        this.jobs = jobs;
    }

    @GetMapping(value = "/{id}/plot.svg", produces = SVG)
    @Operation(summary = "Plot a job's history",
            description = "`series=loss`: training loss per epoch and test loss per evaluation, log scale. "
                    + "`series=gradients`: every weight layer's weight-gradient norm per diagnostic epoch, log scale "
                    + "(needs diagnostics on). Renders in a browser and with IPython.display.SVG.")
    @ApiResponse(responseCode = "200", description = "The chart.", content = @Content(mediaType = SVG,
            schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "`series` is unknown, or `gradients` for a job without diagnostics.",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "404", description = "No job has this id.", content = @Content(mediaType = PROBLEM))
    String plot(@PathVariable @Parameter(description = "The job's id.") String id,
                @RequestParam(defaultValue = "loss") @Parameter(description = "What to draw: `loss` or `gradients`.",
                        schema = @Schema(allowableValues = {"loss", "gradients"})) String series) {
        Job.Snapshot job = jobs.find(id);
        History history = jobs.history(id, 0);
        String title = (job.name() != null ? job.name() : job.id()) + " (" + job.status() + ")";
        return switch (series) {
            case "loss" -> loss(title, history);
            case "gradients" -> gradients(title, history);
            default -> throw InvalidParameterException.forParameter("series",
                    "must be loss or gradients, got '" + series + "'");
        };
    }

    static String loss(String title, History history) {
        return new LineChart("Loss: " + title, "epoch", "loss (log scale)", true)
                .add("train", toDoubles(history.train().epoch()), history.train().loss())
                .add("test", toDoubles(history.eval().epoch()), history.eval().testLoss())
                .toSvg();
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
