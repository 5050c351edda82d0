package io.mlplab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart: axes with "nice" ticks, axis labels, a title, a legend, and one polyline per
 * series, on a linear or a base-10 logarithmic y axis. Written by hand because the usual Java chart
 * libraries draw through AWT, which needs fonts and native libraries a slim container does not have.
 *
 * <p>A log axis spanning more than two decades is labelled at whole decades ({@code 1e-3}); a narrower one also
 * at 2 and 5 times each decade; and one whose values lie within a factor of two of each other is zoomed to them,
 * with plain ticks ({@code 0.2497}, {@code 0.2498}), so a flat loss is still a readable curve.
 *
 * <p>Points whose y is not finite (or not positive on a log axis) break the line rather than being
 * drawn. The output is standalone SVG 1.1 that browsers and {@code IPython.display.SVG} render.
 */
public final class LineChart {

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 55;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    /**
     * One named line; {@code x} and {@code y} have equal length, and so do {@code low} and {@code high}, the
     * band drawn behind the line (null for none).
     */
    public record Series(String name, double[] x, double[] y, double[] low, double[] high) {
        public Series {
            if (x.length != y.length || low != null && (low.length != x.length || high == null
                    || high.length != x.length)) {
                throw new IllegalArgumentException("x, y and the band differ in length");
            }
        }
    }

    public LineChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public LineChart add(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, null, null));
        return this;
    }

    /** A line with a shaded band from {@code low} to {@code high} behind it (a min-max range, say). */
    public LineChart add(String name, double[] x, double[] y, double[] low, double[] high) {
        series.add(new Series(name, x, y, low, high));
        return this;
    }

    /** The chart as an SVG document. */
    public String toSvg() {
        Range xr = range(true);
        Range yr = range(false);
        StringBuilder svg = Svg.open(WIDTH, HEIGHT, title, 4096);
        axes(svg, xr, yr);
        int index = 0;
        for (Series s : series) {
            String color = COLORS[index % COLORS.length];
            svg.append("<g class=\"series\" data-name=\"").append(Svg.escape(s.name())).append("\">\n");
            if (s.low() != null) {
                band(svg, s, xr, yr, color);
            }
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double y = s.y()[i];
                if (!drawable(y) || !Double.isFinite(s.x()[i])) {
                    flush(svg, points, color);
                    continue;
                }
                points.append(Svg.fmt(px(s.x()[i], xr))).append(',').append(Svg.fmt(py(y, yr))).append(' ');
            }
            flush(svg, points, color);
            svg.append("</g>\n");
            legend(svg, index, color, s.name());
            index++;
        }
        return Svg.close(svg);
    }

    /** The band as one polygon: along {@code low} forwards, back along {@code high}; undrawable points skipped. */
    private void band(StringBuilder svg, Series s, Range xr, Range yr, String color) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            if (drawable(s.low()[i]) && drawable(s.high()[i]) && Double.isFinite(s.x()[i])) {
                points.append(Svg.fmt(px(s.x()[i], xr))).append(',').append(Svg.fmt(py(s.low()[i], yr))).append(' ');
            }
        }
        for (int i = s.x().length - 1; i >= 0; i--) {
            if (drawable(s.low()[i]) && drawable(s.high()[i]) && Double.isFinite(s.x()[i])) {
                points.append(Svg.fmt(px(s.x()[i], xr))).append(',').append(Svg.fmt(py(s.high()[i], yr))).append(' ');
            }
        }
        if (points.length() > 0) {
            svg.append("<polygon class=\"band\" fill=\"").append(color).append("\" fill-opacity=\"0.18\" stroke=\"none\" ")
                    .append("points=\"").append(points.toString().trim()).append("\"/>\n");
        }
    }

    private void axes(StringBuilder svg, Range xr, Range yr) {
        double x0 = LEFT;
        double x1 = WIDTH - RIGHT;
        double y0 = HEIGHT - BOTTOM;
        double y1 = TOP;
        svg.append("<g class=\"axes\" stroke=\"#333\" stroke-width=\"1\">\n");
        Svg.line(svg, x0, y0, x1, y0);
        Svg.line(svg, x0, y0, x0, y1);
        svg.append("</g>\n");
        for (double t : Ticks.linear(xr.min, xr.max, 8)) {
            double x = px(t, xr);
            Svg.line(svg, x, y0, x, y0 + 5);
            Svg.text(svg, x, y0 + 18, "middle", "", Ticks.label(t));
        }
        List<Ticks.Tick> yTicks = logY ? Ticks.logarithmic(yr.min, yr.max) : Ticks.labelled(Ticks.linear(yr.min, yr.max, 6));
        for (Ticks.Tick t : yTicks) {
            double y = py(t.value(), yr);
            svg.append("<line x1=\"").append(Svg.fmt(x0)).append("\" y1=\"").append(Svg.fmt(y)).append("\" x2=\"")
                    .append(Svg.fmt(x1)).append("\" y2=\"").append(Svg.fmt(y)).append("\" stroke=\"#e5e5e5\"/>\n");
            Svg.line(svg, x0 - 5, y, x0, y);
            Svg.text(svg, x0 - 8, y + 4, "end", "", t.label());
        }
        Svg.text(svg, (x0 + x1) / 2, HEIGHT - 15, "middle", "", xLabel);
        svg.append("<text x=\"18\" y=\"").append(Svg.fmt((y0 + y1) / 2)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
                .append(Svg.fmt((y0 + y1) / 2)).append(")\">").append(Svg.escape(yLabel)).append("</text>\n");
    }

    private void legend(StringBuilder svg, int index, String color, String name) {
        double x = WIDTH - RIGHT + 15;
        double y = TOP + 10 + 20 * index;
        svg.append("<g class=\"legend\"><line x1=\"").append(Svg.fmt(x)).append("\" y1=\"").append(Svg.fmt(y))
                .append("\" x2=\"").append(Svg.fmt(x + 22)).append("\" y2=\"").append(Svg.fmt(y)).append("\" stroke=\"")
                .append(color).append("\" stroke-width=\"2\"/>");
        svg.append("<text x=\"").append(Svg.fmt(x + 28)).append("\" y=\"").append(Svg.fmt(y + 4)).append("\">")
                .append(Svg.escape(name)).append("</text></g>\n");
    }

    private static void flush(StringBuilder svg, StringBuilder points, String color) {
        if (points.length() > 0) {
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.6\" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            points.setLength(0);
        }
    }

    private boolean drawable(double y) {
        return Double.isFinite(y) && (!logY || y > 0);
    }

    /** Data range over every series; on a log axis, in decades (log10 of the values). */
    private Range range(boolean forX) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                for (double y : s.low() == null ? new double[] {s.y()[i]}
                        : new double[] {s.y()[i], s.low()[i], s.high()[i]}) {
                    if (!drawable(y)) {
                        continue;
                    }
                    double v = forX ? s.x()[i] : (logY ? Math.log10(y) : y);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            return new Range(0, 1);
        }
        if (!forX && logY) {
            if (max - min < Ticks.ZOOM_DECADES) {
                // less than a factor of two between the extremes: whole decades would flatten the curve into a line
                double pad = Math.max((max - min) * 0.1, 1e-4);
                return new Range(min - pad, max + pad);
            }
            return new Range(Math.floor(min), Math.max(Math.ceil(max), Math.floor(min) + 1));
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            return new Range(min - pad, max + pad);
        }
        if (!forX) {
            double pad = (max - min) * 0.05;
            return new Range(min - pad, max + pad);
        }
        return new Range(min, max);
    }

    private static double px(double x, Range r) {
        return LEFT + (x - r.min) / (r.max - r.min) * (WIDTH - LEFT - RIGHT);
    }

    private double py(double y, Range r) {
        double v = logY ? Math.log10(y) : y;
        return HEIGHT - BOTTOM - (v - r.min) / (r.max - r.min) * (HEIGHT - TOP - BOTTOM);
    }





    private record Range(double min, double max) {
    }
}
