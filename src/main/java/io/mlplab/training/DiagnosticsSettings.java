package io.mlplab.training;

/**
 * What the per-layer diagnostics record and how the run's summary is judged.
 *
 * @param every                 record {@link LayerStats} every this many epochs (epoch 0 included);
 *                              0 turns diagnostics off, and then they cost nothing
 * @param gradientDropFraction  a layer's gradient counts as vanished at the first recorded epoch whose
 *                              weight-gradient norm is below this fraction of its epoch-0 value
 * @param plateauWindow         the plateau is judged on windows of this many epochs: the window ending at
 *                              epoch {@code e} improves by {@code d = loss[e - window] - loss[e]}
 * @param plateauMinImprovement a window is flat when {@code d} is below this share of the loss at its start
 *                              (the loss has stopped moving on its own scale) ...
 * @param plateauDropShare      ... or below this share of the drop that still follows it, from
 *                              {@code loss[e]} to the lowest loss of the run (the loss moves, but slowly next
 *                              to the breakthrough still to come)
 * @param saturationThreshold   a unit is saturated on a sample when {@code |f'(z)|} is below this
 */
public record DiagnosticsSettings(int every, double gradientDropFraction, int plateauWindow,
                                  double plateauMinImprovement, double plateauDropShare,
                                  double saturationThreshold) {

    /**
     * Every 10 epochs, 1% gradient drop; a 100-epoch window is flat below 1e-4 of the loss or 2% of the drop
     * still to come; |f'| < 1e-3.
     */
    public static final DiagnosticsSettings DEFAULTS = new DiagnosticsSettings(10, 0.01, 100, 1e-4, 0.02, 1e-3);

    /** No diagnostics at all. */
    public static final DiagnosticsSettings OFF = new DiagnosticsSettings(0, 0.01, 100, 1e-4, 0.02, 1e-3);

    public DiagnosticsSettings {
        if (every < 0 || plateauWindow < 1 || !(gradientDropFraction > 0) || !(plateauMinImprovement >= 0)
                || !(plateauDropShare >= 0)
                || !(saturationThreshold > 0)) {
            throw new IllegalArgumentException("invalid diagnostics settings");
        }
    }

    public boolean enabled() {
        return every > 0;
    }
}
