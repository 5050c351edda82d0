package io.mlplab.study;

import tools.jackson.databind.JsonNode;

/** JSON helpers for the study tests. */
final class Problems {

    private Problems() {
    }

    static JsonNode json(String body) {
        return io.mlplab.job.Problems.JSON.readTree(body);
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
