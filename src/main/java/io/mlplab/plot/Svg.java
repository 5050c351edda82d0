package io.mlplab.plot;

import java.util.Locale;

/**
 * The pieces every chart writes the same way: the document's head (white background, a title), text, lines
 * and numbers with one decimal. Kept to what the charts share; each chart still lays out its own picture.
 */
final class Svg {

    private Svg() {
    }

    /** A document of {@code width} × {@code height} with a white background and {@code title} centred on top. */
    static StringBuilder open(int width, int height, String title, int capacity) {
        StringBuilder svg = new StringBuilder(capacity);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, width / 2.0, 22, "middle", "font-size=\"15\"", title);
        return svg;
    }

    /** Ends the document and returns it. */
    static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    /** {@code content}, escaped, at ({@code x}, {@code y}); {@code extra} holds further attributes or is empty. */
    static void text(StringBuilder svg, double x, double y, String anchor, String extra, String content) {
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"")
                .append(anchor).append('"').append(extra.isEmpty() ? "" : " " + extra).append('>')
                .append(escape(content)).append("</text>\n");
    }

    /** A dark axis or tick line. */
    static void line(StringBuilder svg, double x1, double y1, double x2, double y2) {
        svg.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"")
                .append(fmt(x2)).append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"#333\"/>\n");
    }

    /** A coordinate with one decimal, whatever the default locale. */
    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** {@code s} safe inside an element or a double-quoted attribute. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
