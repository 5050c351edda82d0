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
}
