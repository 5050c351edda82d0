package io.mlplab.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis tick positions: "nice" steps of 1, 2 or 5 × 10ⁿ, and whole decades for log axes. */
final class Ticks {

    private Ticks() {
    }

    /** At most about {@code target} ticks inside [min, max], on multiples of a nice step. */
    static List<Double> linear(double min, double max, int target) {
        double step = niceStep((max - min) / target);
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    /** Every whole exponent between {@code minDecade} and {@code maxDecade} (thinned to at most 8). */
    static List<Double> decades(double minDecade, double maxDecade) {
        int every = (int) Math.max(1, Math.ceil((maxDecade - minDecade) / 8));
        List<Double> ticks = new ArrayList<>();
        for (double d = Math.ceil(minDecade); d <= maxDecade; d += every) {
            ticks.add(d);
        }
        return ticks;
    }

    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A log axis narrower than this (in decades, a factor of two) is zoomed to its data. */
    static final double ZOOM_DECADES = 0.30103;

    /** A tick: where (in data units, not decades) and what it says. */
    record Tick(double value, String label) {
    }

    /** Linear ticks, each labelled with as many decimals as their step needs. */
    static List<Tick> labelled(List<Double> values) {
        double step = values.size() > 1 ? values.get(1) - values.get(0) : 0;
        List<Tick> ticks = new ArrayList<>();
        for (double v : values) {
            ticks.add(new Tick(v, label(v, step)));
        }
        return ticks;
    }

    /**
     * Ticks of a log axis over {@code [minDecade, maxDecade]} (log10 of the values): whole decades, labelled
     * {@code 1e-3}, when the axis spans more than two; also 2 and 5 times each decade when it spans two or
     * fewer, labelled plainly ({@code 0.2}); and nice linear steps over the values themselves when the axis
     * is narrower than a factor of two.
     */
    static List<Tick> logarithmic(double minDecade, double maxDecade) {
        if (maxDecade - minDecade < ZOOM_DECADES * 1.5) {
            List<Double> values = linear(Math.pow(10, minDecade), Math.pow(10, maxDecade), 5);
            return labelled(values);
        }
        List<Tick> ticks = new ArrayList<>();
        if (maxDecade - minDecade > 2) {
            for (double d : decades(minDecade, maxDecade)) {
                ticks.add(new Tick(Math.pow(10, d), "1e" + (int) Math.round(d)));
            }
            return ticks;
        }
        for (int d = (int) Math.floor(minDecade); d <= Math.ceil(maxDecade); d++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, d);
                double decade = Math.log10(v);
                if (decade >= minDecade - 1e-9 && decade <= maxDecade + 1e-9) {
                    ticks.add(new Tick(v, plain(m, d)));
                }
            }
        }
        return ticks;
    }

    /** {@code m·10^d} written plainly ({@code 0.02}, {@code 500}), or as {@code 2e-5} when that is long. */
    private static String plain(int m, int d) {
        if (d < -3 || d > 4) {
            return m + "e" + d;
        }
        return java.math.BigDecimal.valueOf(m).scaleByPowerOfTen(d).stripTrailingZeros().toPlainString();
    }

    /** {@code v} with the decimals a tick step of {@code step} needs: 0.24975 for a step of 5e-5. */
    static String label(double v, double step) {
        if (!(step > 0) || v == 0) {
            return label(v);
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e7) {
            return String.format(Locale.ROOT, "%." + Math.max(1, decimals + (int) Math.floor(Math.log10(Math.abs(v))))
                    + "e", v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
