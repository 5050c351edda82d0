package io.mlplab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reference values produced by numpy and scikit-learn, see
 * {@code tools/reference/numpy_random_golden.py}.
 */
final class Golden {

    private static final JsonNode ROOT = load();

    private Golden() {
    }

    static JsonNode get(String section) {
        return ROOT.required(section);
    }

    static double[] doubles(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::doubleValue).toArray();
    }

    static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::intValue).toArray();
    }

    static long[] longs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::longValue).toArray();
    }

    /**
     * Checks {@code actual} against the case's {@code crLogExceptions} (where numpy's C-library
     * log and our correctly rounded one disagree) and returns it with numpy's values put back at
     * those positions, ready to compare with numpy's whole sequence.
     */
    static double[] withNumpyLogRounding(JsonNode c, double[] actual) {
        double[] patched = actual.clone();
        for (JsonNode e : c.path("crLogExceptions")) {
            int i = e.required("index").intValue();
            double numpy = e.required("numpy").doubleValue();
            assertEquals(e.required("correctlyRounded").doubleValue(), actual[i], "value " + i);
            assertTrue(Math.abs(actual[i] - numpy) <= 4 * Math.ulp(numpy), "value " + i + " is more than 4 ulps off");
            patched[i] = numpy;
        }
        return patched;
    }

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/numpy-random.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/numpy-random.json missing from test resources");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
