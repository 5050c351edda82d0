package io.mlplab.data;

/**
 * A small circle inside a large one, scikit-learn's {@code make_circles(samples, noise=noise, factor=factor,
 * random_state=R)} with {@code R} the job's stream: the same points, labels and draws.
 *
 * <p>Points: {@code samples / 2} on the unit circle {@code (cos t, sin t)}, label 0, then the rest on the
 * circle of radius {@code factor}, label 1, {@code t} evenly spaced on {@code [0, 2π)} (no end point). Draws,
 * as {@link Moons}: {@code shuffle(arange(samples))}, then {@code samples · 2} calls to {@code randn()},
 * row-major, each added as {@code noise · randn()}.
 */
public record Circles(int samples, double noise, double factor) implements DatasetGenerator {

    /** scikit-learn's default ratio of the inner circle's radius to the outer one's. */
    public static final double DEFAULT_FACTOR = 0.8;

    public Circles {
        if (samples < 2) {
            throw new IllegalArgumentException("circles need at least 2 samples, got " + samples);
        }
    }

    @Override
    public Dataset generate(NumpyRandom random) {
        int outer = samples / 2;
        int inner = samples - outer;
        double[] px = new double[samples];
        double[] py = new double[samples];
        double[] label = new double[samples];
        double full = 2 * Math.PI;
        for (int i = 0; i < outer; i++) {
            double t = Moons.linspace(full, outer, i, false);
            px[i] = StrictMath.cos(t);
            py[i] = StrictMath.sin(t);
        }
        for (int i = 0; i < inner; i++) {
            double t = Moons.linspace(full, inner, i, false);
            px[outer + i] = StrictMath.cos(t) * factor;
            py[outer + i] = StrictMath.sin(t) * factor;
            label[outer + i] = 1;
        }
        return Moons.ShuffledPoints.finish(px, py, label, noise, random, 2);
    }
}
