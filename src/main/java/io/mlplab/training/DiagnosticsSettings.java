package io.mlplab.training;

/**
 * What the per-layer diagnostics record and how the run's summary is judged.
 *
 * @param every                 record {@link LayerStats} every this many epochs (epoch 0 included);
 *                              0 turns diagnostics off, and then they cost nothing
 * @param gradientDropFraction  a layer's gradient counts as vanished at the first recorded epoch whose
 *                              weight-gradient norm is below this fraction of its epoch-0 value
 * @param plateauWindow         epochs over which the loss must improve for training to count as moving
 * @param plateauMinImprovement the relative improvement over {@code plateauWindow} epochs below which the
 *                              loss counts as on a plateau
 * @param saturationThreshold   a unit is saturated on a sample when {@code |f'(z)|} is below this
 */
public record DiagnosticsSettings(int every, double gradientDropFraction, int plateauWindow,
                                  double plateauMinImprovement, double saturationThreshold) {

    /** Every 10 epochs, 1% gradient drop, no 1e-4 relative improvement in 100 epochs, |f'| < 1e-3. */
    public static final DiagnosticsSettings DEFAULTS = new DiagnosticsSettings(10, 0.01, 100, 1e-4, 1e-3);

    /** No diagnostics at all. */
    public static final DiagnosticsSettings OFF = new DiagnosticsSettings(0, 0.01, 100, 1e-4, 1e-3);

    public DiagnosticsSettings {
        if (every < 0 || plateauWindow < 1 || !(gradientDropFraction > 0) || !(plateauMinImprovement >= 0)
                || !(saturationThreshold > 0)) {
            throw new IllegalArgumentException("invalid diagnostics settings");
        }
    }

    public boolean enabled() {
        return every > 0;
    }
}
