package io.mlplab.training;

import java.util.List;

/**
 * What the diagnostics concluded over a run.
 *
 * @param gradientVanishedEpoch per weight layer (first hidden first), the first recorded epoch at which
 *                              its weight-gradient norm fell below {@code gradientDropFraction} of its
 *                              epoch-0 value, or -1 if it never did
 * @param plateauStart          the first epoch {@code p} such that the loss at {@code p + window} is not
 *                              {@code minImprovement} (relative) below the loss at {@code p}; -1 if none
 * @param plateauEnd            after a plateau started, the first epoch {@code e} whose loss is again more
 *                              than {@code minImprovement} below the loss {@code window} epochs earlier;
 *                              -1 if the loss never left the plateau (or there was none)
 */
public record DiagnosticsSummary(List<Integer> gradientVanishedEpoch, int plateauStart, int plateauEnd) {

    public DiagnosticsSummary {
        gradientVanishedEpoch = List.copyOf(gradientVanishedEpoch);
    }

    public boolean plateaued() {
        return plateauStart >= 0;
    }
}
