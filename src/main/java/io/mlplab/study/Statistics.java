package io.mlplab.study;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Summary statistics of one quantity over a grid point's members (its seeds), over the members that have a
 * finite value: a diverged loss, an unreached target or a member that never ran does not count.
 *
 * @param n    the members counted
 * @param mean their mean; null when {@code n} is 0
 * @param std  their population standard deviation, {@code sqrt(Σ (x - mean)² / n)} (numpy's {@code std},
 *             0 for one member); null when {@code n} is 0
 * @param min  the smallest; null when {@code n} is 0
 * @param max  the largest; null when {@code n} is 0
 */
@Schema(description = "A quantity over a grid point's members (its seeds), counting the members with a finite "
        + "value. `std` is the population standard deviation (numpy's `std`, ddof 0; 0 for one member). Every "
        + "value but `n` is null when no member counts.",
        example = "{\"n\":3,\"mean\":0.82,\"std\":0.2546,\"min\":0.46,\"max\":1.0}")
public record Statistics(
        @Schema(description = "Members counted.", example = "3") int n,
        @Schema(description = "Mean.", example = "0.82", nullable = true) Double mean,
        @Schema(description = "Population standard deviation.", example = "0.2546", nullable = true) Double std,
        @Schema(description = "Smallest value.", example = "0.46", nullable = true) Double min,
        @Schema(description = "Largest value.", example = "1.0", nullable = true) Double max) {

    static final Statistics NONE = new Statistics(0, null, null, null, null);

    /** The statistics of the finite values among {@code values}, in two passes for an exact mean first. */
    static Statistics of(double[] values) {
        int n = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (n == 0) {
            return NONE;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new Statistics(n, mean, Math.sqrt(squares / n), min, max);
    }
}
