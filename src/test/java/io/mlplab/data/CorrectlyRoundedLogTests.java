package io.mlplab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CorrectlyRoundedLogTests {

    @Test
    void agreesWithMpmathRoundedToNearestIncludingWhereGlibcDoesNot() {
        JsonNode c = Golden.get("log");
        double[] input = Golden.doubles(c.required("input"));
        double[] expected = Golden.doubles(c.required("expected"));
        for (int i = 0; i < input.length; i++) {
            assertEquals(expected[i], CorrectlyRoundedLog.log(input[i]), "log(" + input[i] + ")");
        }
    }

    @Test
    void staysWithinOneUlpOfFdlibmAcrossTheRange() {
        // a cheap net for gross mistakes in range reduction, on inputs the golden file lacks
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong(0x0010000000000000L, 0x7ff0000000000000L));
            double y = CorrectlyRoundedLog.log(x);
            assertEquals(StrictMath.log(x), y, Math.ulp(y), () -> "log(" + x + ")");
        }
    }

    @Test
    void theFastPathGivesTheAccuratePathsBits() {
        SplittableRandom random = new SplittableRandom(17);
        int checked = 0;
        // the polar method's inputs, x1² + x2² in (0, 1)
        for (int i = 0; i < 1_000_000; i++) {
            checked += same(random.nextDouble(Double.MIN_NORMAL, 1.0));
        }
        // every magnitude
        for (int i = 0; i < 300_000; i++) {
            checked += same(Double.longBitsToDouble(random.nextLong(0x0010000000000000L, 0x7ff0000000000000L)));
        }
        // the ends of the table's intervals and of the window around 1, a few ulps either side
        for (int e = -1022; e <= 1023; e += 7) {
            for (int i = 0; i <= 128; i++) {
                double edge = Math.scalb(1.0 + i / 128.0, e);
                for (int u = -3; u <= 3; u++) {
                    double x = edge + u * Math.ulp(edge);
                    if (x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE) {
                        checked += same(x);
                    }
                }
            }
        }
        for (double edge : new double[] {1 - 0x1p-7, 1 + 0x1p-7, 1.0, Double.MIN_NORMAL, Double.MAX_VALUE}) {
            for (int u = -5; u <= 5; u++) {
                double x = edge + u * Math.ulp(edge);
                if (x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE) {
                    checked += same(x);
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(checked).isGreaterThan(1_300_000);
    }

    private static int same(double x) {
        assertEquals(CorrectlyRoundedLog.accurate(x), CorrectlyRoundedLog.log(x), () -> "log(" + x + ")");
        return 1;
    }

    @Test
    void inputsOutsideThePositiveNormalRangeAreRejected() {
        for (double x : new double[] {0.0, -1.0, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> CorrectlyRoundedLog.log(x), "log(" + x + ")");
        }
    }
}
