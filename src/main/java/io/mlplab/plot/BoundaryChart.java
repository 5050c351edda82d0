package io.mlplab.plot;

import java.util.Locale;

/**
 * A classifier's decision regions on two-feature data as SVG: the plane as a grid of cells, each colored by the
 * class the network predicts there and shaded by how sure it is (white where it is undecided), with the training
 * points (filled) and the test points (hollow) on top, colored by their labels.
 *
 * <p>Cells of one row with the same color are drawn as one rectangle, so a grid of 80 × 80 stays small.
 */
public final class BoundaryChart {

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    /** Shading steps between white and a class's color. */
    private static final int LEVELS = 8;
    private static final int SIZE = 480;
    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final int RIGHT = 150;
    private static final int BOTTOM = 50;

    private final String title;
    private final double[] range;
    private final int grid;
    private final int[] predicted;
    private final double[] confidence;
    private final int classes;

    /**
     * @param range      {@code [xMin, xMax, yMin, yMax]} the grid covers
     * @param grid       cells per side
     * @param predicted  per cell, row by row from the top, the predicted class
     * @param confidence per cell: for two classes the probability of class 1, else the predicted class's
     * @param classes    classes in the data
     */
    public BoundaryChart(String title, double[] range, int grid, int[] predicted, double[] confidence, int classes) {
        if (predicted.length != grid * grid || confidence.length != grid * grid) {
            throw new IllegalArgumentException("need grid × grid cells");
        }
        this.title = title;
        this.range = range.clone();
        this.grid = grid;
        this.predicted = predicted;
        this.confidence = confidence;
        this.classes = classes;
    }

    /**
     * The chart with the points {@code (x[i][0], x[i][1])} labelled {@code y[i]}: training points filled, test
     * points hollow.
     */
    public String toSvg(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {
        StringBuilder svg = Svg.open(LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM, title, 65536);
        cells(svg);
        points(svg, "train", trainX, trainY, true);
        points(svg, "test", testX, testY, false);
        axes(svg);
        legend(svg);
        return Svg.close(svg);
    }

    private void cells(StringBuilder svg) {
        double cell = (double) SIZE / grid;
        svg.append("<g class=\"regions\" shape-rendering=\"crispEdges\">\n");
        for (int row = 0; row < grid; row++) {
            int start = 0;
            String color = color(row * grid);
            for (int col = 1; col <= grid; col++) {
                String next = col < grid ? color(row * grid + col) : null;
                if (!color.equals(next)) {
                    svg.append("<rect x=\"").append(Svg.fmt(LEFT + start * cell)).append("\" y=\"")
                            .append(Svg.fmt(TOP + row * cell)).append("\" width=\"").append(Svg.fmt((col - start) * cell + 0.3))
                            .append("\" height=\"").append(Svg.fmt(cell + 0.3)).append("\" fill=\"").append(color)
                            .append("\"/>\n");
                    start = col;
                    color = next;
                }
            }
        }
        svg.append("</g>\n");
    }

    /** A cell's fill: its class's color, mixed with white by how unsure the network is there. */
    private String color(int i) {
        int cls;
        double sureness;
        if (classes == 2) {
            double p = confidence[i];
            cls = p > 0.5 ? 1 : 0;
            sureness = Math.abs(p - 0.5) * 2;
        } else {
            cls = predicted[i];
            sureness = Math.max(0, (confidence[i] - 1.0 / classes) / (1 - 1.0 / classes));
        }
        int level = (int) Math.round(sureness * LEVELS);
        return mix(COLORS[cls % COLORS.length], 0.55 * level / LEVELS);
    }

    private void points(StringBuilder svg, String name, double[][] x, int[] y, boolean filled) {
        svg.append("<g class=\"points\" data-name=\"").append(name).append("\">\n");
        for (int i = 0; i < x.length; i++) {
            String color = COLORS[y[i] % COLORS.length];
            svg.append("<circle cx=\"").append(Svg.fmt(px(x[i][0]))).append("\" cy=\"").append(Svg.fmt(py(x[i][1])))
                    .append("\" r=\"3\" fill=\"").append(filled ? color : "white").append("\" stroke=\"")
                    .append(filled ? "#222" : color).append("\" stroke-width=\"").append(filled ? "0.5" : "1.5")
                    .append("\"/>\n");
        }
        svg.append("</g>\n");
    }

    private void axes(StringBuilder svg) {
        double x0 = LEFT;
        double x1 = LEFT + SIZE;
        double y0 = TOP + SIZE;
        double y1 = TOP;
        svg.append("<g class=\"axes\" fill=\"none\" stroke=\"#333\"><rect x=\"").append(x0).append("\" y=\"").append(y1)
                .append("\" width=\"").append(SIZE).append("\" height=\"").append(SIZE).append("\"/></g>\n");
        for (Ticks.Tick t : Ticks.labelled(Ticks.linear(range[0], range[1], 6))) {
            double x = px(t.value());
            Svg.line(svg, x, y0, x, y0 + 5);
            Svg.text(svg, x, y0 + 18, "middle", "", t.label());
        }
        for (Ticks.Tick t : Ticks.labelled(Ticks.linear(range[2], range[3], 6))) {
            double y = py(t.value());
            Svg.line(svg, x0 - 5, y, x0, y);
            Svg.text(svg, x0 - 8, y + 4, "end", "", t.label());
        }
        Svg.text(svg, (x0 + x1) / 2, TOP + SIZE + 40, "middle", "", "feature 1 (as generated)");
        svg.append("<text x=\"18\" y=\"").append(Svg.fmt(TOP + SIZE / 2.0)).append("\" text-anchor=\"middle\" ")
                .append("transform=\"rotate(-90 18 ").append(Svg.fmt(TOP + SIZE / 2.0)).append(")\">feature 2 (as generated)")
                .append("</text>\n");
    }

    private void legend(StringBuilder svg) {
        double x = LEFT + SIZE + 20;
        double y = TOP + 10;
        for (int c = 0; c < classes; c++) {
            String color = COLORS[c % COLORS.length];
            svg.append("<g class=\"legend\"><rect x=\"").append(Svg.fmt(x)).append("\" y=\"").append(Svg.fmt(y - 8))
                    .append("\" width=\"14\" height=\"14\" fill=\"").append(mix(color, 0.55)).append("\"/>");
            svg.append("<text x=\"").append(Svg.fmt(x + 20)).append("\" y=\"").append(Svg.fmt(y + 4)).append("\">class ")
                    .append(c).append("</text></g>\n");
            y += 20;
        }
        y += 10;
        svg.append("<g class=\"legend\"><circle cx=\"").append(Svg.fmt(x + 7)).append("\" cy=\"").append(Svg.fmt(y))
                .append("\" r=\"3\" fill=\"#555\" stroke=\"#222\" stroke-width=\"0.5\"/><text x=\"").append(Svg.fmt(x + 20))
                .append("\" y=\"").append(Svg.fmt(y + 4)).append("\">train</text></g>\n");
        y += 20;
        svg.append("<g class=\"legend\"><circle cx=\"").append(Svg.fmt(x + 7)).append("\" cy=\"").append(Svg.fmt(y))
                .append("\" r=\"3\" fill=\"white\" stroke=\"#555\" stroke-width=\"1.5\"/><text x=\"").append(Svg.fmt(x + 20))
                .append("\" y=\"").append(Svg.fmt(y + 4)).append("\">test</text></g>\n");
        y += 30;
        Svg.text(svg, x, y, "start", "font-size=\"11\"", "shade: how sure");
        Svg.text(svg, x, y + 14, "start", "font-size=\"11\"", "(white: undecided)");
    }

    /** {@code color} mixed with white: {@code amount} 0 is white, 1 the color itself. */
    static String mix(String color, double amount) {
        int rgb = Integer.parseInt(color.substring(1), 16);
        int r = (int) Math.round(255 + ((rgb >> 16 & 0xff) - 255) * amount);
        int g = (int) Math.round(255 + ((rgb >> 8 & 0xff) - 255) * amount);
        int b = (int) Math.round(255 + ((rgb & 0xff) - 255) * amount);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private double px(double x) {
        return LEFT + (x - range[0]) / (range[1] - range[0]) * SIZE;
    }

    private double py(double y) {
        return TOP + SIZE - (y - range[2]) / (range[3] - range[2]) * SIZE;
    }



}
