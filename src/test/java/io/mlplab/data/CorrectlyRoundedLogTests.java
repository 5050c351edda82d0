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
    void inputsOutsideThePositiveNormalRangeAreRejected() {
        for (double x : new double[] {0.0, -1.0, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> CorrectlyRoundedLog.log(x), "log(" + x + ")");
        }
    }
}
