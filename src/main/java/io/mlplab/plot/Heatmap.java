package io.mlplab.plot;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG heatmap: one cell per (row, column), its colour from light (at {@code min}) to dark green (at
 * {@code max}) and its value written inside; a missing value (NaN) is a grey cell with "–". For a table of
 * two axes, such as test accuracy per activation and depth.
 */
public final class Heatmap {

    private static final int CELL_W = 110;
    private static final int CELL_H = 44;
    private static final int LEFT = 170;
    private static final int TOP = 80;
    private static final int RIGHT = 30;
    private static final int BOTTOM = 30;

    private final String title;
    private final String rowAxis;
    private final String columnAxis;
    private final List<String> rows;
    private final List<String> columns;
    private final double[][] values;
    private final double min;
    private final double max;

    /** {@code values[r][c]} is the cell of row {@code r} and column {@code c}; colours span {@code [min, max]}. */
    public Heatmap(String title, String rowAxis, String columnAxis, List<String> rows, List<String> columns,
                   double[][] values, double min, double max) {
        this.title = title;
        this.rowAxis = rowAxis;
        this.columnAxis = columnAxis;
        this.rows = rows;
        this.columns = columns;
        this.values = values;
        this.min = min;
        this.max = max;
    }

    public String toSvg() {
        int width = LEFT + CELL_W * columns.size() + RIGHT;
        int height = TOP + CELL_H * rows.size() + BOTTOM;
        StringBuilder svg = Svg.open(width, height, title, 2048);
        Svg.text(svg, LEFT + CELL_W * columns.size() / 2.0, TOP - 36, "middle", "font-weight=\"bold\"", columnAxis);
        Svg.text(svg, LEFT - 10, TOP - 12, "end", "font-weight=\"bold\"", rowAxis);
        for (int c = 0; c < columns.size(); c++) {
            Svg.text(svg, LEFT + CELL_W * (c + 0.5), TOP - 12, "middle", "", columns.get(c));
        }
        for (int r = 0; r < rows.size(); r++) {
            double y = TOP + CELL_H * r;
            Svg.text(svg, LEFT - 10, y + CELL_H / 2.0 + 4, "end", "", rows.get(r));
            for (int c = 0; c < columns.size(); c++) {
                double x = LEFT + CELL_W * c;
                double v = values[r][c];
                boolean known = Double.isFinite(v);
                double t = known ? Math.max(0, Math.min(1, (v - min) / (max - min == 0 ? 1 : max - min))) : 0;
                svg.append("<rect class=\"cell\" x=\"").append(Svg.fmt(x)).append("\" y=\"").append(Svg.fmt(y))
                        .append("\" width=\"").append(CELL_W).append("\" height=\"").append(CELL_H)
                        .append("\" fill=\"").append(known ? color(t) : "#dddddd").append("\" stroke=\"white\"/>\n");
                Svg.text(svg, x + CELL_W / 2.0, y + CELL_H / 2.0 + 5, "middle",
                        "font-size=\"14\" fill=\"" + (t > 0.55 ? "white" : "#222") + "\"",
                        known ? String.format(Locale.ROOT, "%.2f", v) : "–");
            }
        }
        return Svg.close(svg);
    }

    /** From RGB f7fcb9 (t = 0) to RGB 006837 (t = 1), linear in RGB. */
    private static String color(double t) {
        int r = (int) Math.round(0xf7 + (0x00 - 0xf7) * t);
        int g = (int) Math.round(0xfc + (0x68 - 0xfc) * t);
        int b = (int) Math.round(0xb9 + (0x37 - 0xb9) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }


}
