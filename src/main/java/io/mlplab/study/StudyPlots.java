package io.mlplab.study;

import io.mlplab.job.History;
import io.mlplab.plot.BarChart;
import io.mlplab.plot.Heatmap;
import io.mlplab.plot.LineChart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * A study as pictures: the loss of every grid point over the epochs (mean over its seeds, with the min-max
 * band), and the test accuracy table (a heatmap for two axes, bars otherwise).
 */
final class StudyPlots {

    /** Points per curve at most; longer runs are drawn at every k-th epoch. */
    private static final int MAX_POINTS = 500;

    private StudyPlots() {
    }

    /**
     * One curve per grid point: at each epoch, the mean training loss over the point's members that reached it,
     * with a band from the smallest to the largest (none for a point of one member, whose band is its line).
     * Runs longer than {@link #MAX_POINTS} epochs are drawn at every k-th epoch.
     *
     * @param histories per member, its history, or null if it has none (not a job yet, or deleted)
     */
    static String loss(Study.Snapshot study, IntFunction<History> histories) {
        StudyPlan plan = study.plan();
        List<List<double[]>> losses = new ArrayList<>();
        for (int p = 0; p < plan.points().size(); p++) {
            losses.add(new ArrayList<>());
        }
        int longest = 0;
        for (int m = 0; m < plan.members().size(); m++) {
            History history = histories.apply(m);
            if (history != null) {
                losses.get(plan.members().get(m).point()).add(history.train().loss());
                longest = Math.max(longest, history.train().loss().length);
            }
        }
        int step = Math.max(1, (longest + MAX_POINTS - 1) / MAX_POINTS);
        LineChart chart = new LineChart("Training loss: " + title(study) + " (mean over seeds, min-max band)",
                "epoch", "loss (log scale)", true);
        for (int p = 0; p < plan.points().size(); p++) {
            List<double[]> members = losses.get(p);
            int epochs = members.stream().mapToInt(l -> l.length).max().orElse(0);
            int n = (epochs + step - 1) / step;
            double[] x = new double[n];
            double[] mean = new double[n];
            double[] low = new double[n];
            double[] high = new double[n];
            for (int i = 0; i < n; i++) {
                int epoch = Math.min(i * step, epochs - 1);
                double sum = 0;
                int count = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double[] loss : members) {
                    if (epoch < loss.length && Double.isFinite(loss[epoch])) {
                        sum += loss[epoch];
                        count++;
                        min = Math.min(min, loss[epoch]);
                        max = Math.max(max, loss[epoch]);
                    }
                }
                x[i] = epoch;
                mean[i] = count == 0 ? Double.NaN : sum / count;
                low[i] = count == 0 ? Double.NaN : min;
                high[i] = count == 0 ? Double.NaN : max;
            }
            if (Arrays.equals(low, high)) {
                chart.add(label(plan.points().get(p)), x, mean);   // one member: the band is the line
            } else {
                chart.add(label(plan.points().get(p)), x, mean, low, high);
            }
        }
        return chart.toSvg();
    }

    /** The mean test accuracy per grid point: a heatmap for two axes, bars with min-max whiskers otherwise. */
    static String accuracy(Study.Snapshot study) {
        StudyPlan plan = study.plan();
        List<StudyResponse.Row> rows = StudyResponse.rows(study);
        List<String> axes = new ArrayList<>(plan.grid().keySet());
        String title = "Test accuracy: " + title(study) + " (mean over seeds)";
        if (axes.size() == 2) {
            List<String> first = plan.grid().get(axes.get(0)).stream().map(StudyPlots::value).toList();
            List<String> second = plan.grid().get(axes.get(1)).stream().map(StudyPlots::value).toList();
            double[][] cells = new double[first.size()][second.size()];
            for (int p = 0; p < rows.size(); p++) {
                Double mean = rows.get(p).testAccuracy().mean();
                cells[p / second.size()][p % second.size()] = mean == null ? Double.NaN : mean;
            }
            return new Heatmap(title, axes.get(0), axes.get(1), first, second, cells, 0, 1).toSvg();
        }
        List<String> labels = new ArrayList<>();
        double[] mean = new double[rows.size()];
        double[] low = new double[rows.size()];
        double[] high = new double[rows.size()];
        for (int p = 0; p < rows.size(); p++) {
            Statistics accuracy = rows.get(p).testAccuracy();
            labels.add(label(rows.get(p).point()));
            mean[p] = accuracy.mean() == null ? Double.NaN : accuracy.mean();
            low[p] = accuracy.min() == null ? Double.NaN : accuracy.min();
            high[p] = accuracy.max() == null ? Double.NaN : accuracy.max();
        }
        return new BarChart(title, String.join(", ", axes), "test accuracy", labels, mean, low, high, 0, 1).toSvg();
    }

    private static String title(Study.Snapshot study) {
        String name = study.plan().name() != null ? study.plan().name() : study.id();
        return name + " (" + study.status() + ")";
    }

    /** {@code sigmoid [16,32]}: a grid point's values, for a legend. */
    static String label(Map<String, JsonNode> point) {
        if (point.isEmpty()) {
            return "base";
        }
        List<String> values = new ArrayList<>();
        point.values().forEach(v -> values.add(value(v)));
        return String.join(" ", values);
    }

    private static String value(JsonNode v) {
        return v.isString() ? v.asString() : v.toString();
    }
}
