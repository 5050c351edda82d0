package io.mlplab.plot;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG bar chart on a linear axis from {@code min} to {@code max}: one bar per label, its value written
 * above it, and a whisker from {@code low} to {@code high} (a min-max range) when given. A missing value
 * (NaN) draws no bar and writes "–". For a table of one axis.
 */
public final class BarChart {

    private static final int BAR = 70;
    private static final int GAP = 30;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int PLOT_H = 280;
    private static final int BOTTOM = 90;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> labels;
    private final double[] values;
    private final double[] low;
    private final double[] high;
    private final double min;
    private final double max;

    /** {@code low} and {@code high} may be null for no whiskers. */
    public BarChart(String title, String xLabel, String yLabel, List<String> labels, double[] values, double[] low,
                    double[] high, double min, double max) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.labels = labels;
        this.values = values;
        this.low = low;
        this.high = high;
        this.min = min;
        this.max = max;
    }

    public String toSvg() {
        int width = Math.max(360, LEFT + (BAR + GAP) * labels.size() + RIGHT);
        int height = TOP + PLOT_H + BOTTOM;
        double y0 = TOP + PLOT_H;
        StringBuilder svg = Svg.open(width, height, title, 2048);
        for (double t : Ticks.linear(min, max, 6)) {
            double y = py(t);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.fmt(y)).append("\" x2=\"")
                    .append(width - RIGHT).append("\" y2=\"").append(Svg.fmt(y)).append("\" stroke=\"#e5e5e5\"/>\n");
            Svg.text(svg, LEFT - 8, y + 4, "end", "", Ticks.label(t));
        }
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.fmt(y0)).append("\" x2=\"")
                .append(width - RIGHT).append("\" y2=\"").append(Svg.fmt(y0)).append("\" stroke=\"#333\"/>\n");
        for (int i = 0; i < labels.size(); i++) {
            double x = LEFT + GAP / 2.0 + (BAR + GAP) * i;
            double v = values[i];
            if (Double.isFinite(v)) {
                double top = py(v);
                svg.append("<rect class=\"bar\" x=\"").append(Svg.fmt(x)).append("\" y=\"").append(Svg.fmt(top))
                        .append("\" width=\"").append(BAR).append("\" height=\"").append(Svg.fmt(y0 - top))
                        .append("\" fill=\"#1f77b4\"/>\n");
                if (low != null && Double.isFinite(low[i]) && Double.isFinite(high[i])) {
                    double cx = x + BAR / 2.0;
                    svg.append("<line class=\"whisker\" x1=\"").append(Svg.fmt(cx)).append("\" y1=\"")
                            .append(Svg.fmt(py(low[i]))).append("\" x2=\"").append(Svg.fmt(cx)).append("\" y2=\"")
                            .append(Svg.fmt(py(high[i]))).append("\" stroke=\"#333\" stroke-width=\"1.5\"/>\n");
                }
            }
            Svg.text(svg, x + BAR / 2.0, (Double.isFinite(v) ? py(v) : y0) - 6, "middle", "",
                    Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–");
            Svg.text(svg, x + BAR / 2.0, y0 + 18, "middle", "", labels.get(i));
        }
        Svg.text(svg, width / 2.0, height - 20, "middle", "", xLabel);
        svg.append("<text x=\"18\" y=\"").append(Svg.fmt(TOP + PLOT_H / 2.0))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ").append(Svg.fmt(TOP + PLOT_H / 2.0))
                .append(")\">").append(Svg.escape(yLabel)).append("</text>\n");
        return Svg.close(svg);
    }

    private double py(double v) {
        double t = (Math.max(min, Math.min(max, v)) - min) / (max - min == 0 ? 1 : max - min);
        return TOP + PLOT_H - t * PLOT_H;
    }
}
