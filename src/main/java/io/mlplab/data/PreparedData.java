package io.mlplab.data;

/**
 * A job's data as it trains on them: split, the training labels with their noise, and the scaler fitted on
 * every sample.
 *
 * @param split  the training and test sets, standardized or as generated ({@link #prepare})
 * @param scaler fitted on every generated sample before the split (the seed standardizes, then splits); the
 *               identity when the job does not standardize
 */
public record PreparedData(Split split, StandardScaler.Fit scaler) {

    /**
     * Makes the data in the job's order: {@code generator} draws from {@code random} (the job's stream), the
     * scaler is fitted on every sample, the split draws from a stream of its own seeded with {@code seed}
     * (scikit-learn's {@code random_state}), then {@link LabelNoise} draws from {@code random} and flips training
     * labels. The weights are drawn from {@code random} after this.
     *
     * @param standardized apply the scaler to both sets (what the network sees), or keep the features as
     *                     generated (the scaler returned is the same either way)
     */
    public static PreparedData prepare(DatasetGenerator generator, double testFraction, boolean standardize,
                                       double labelNoise, long seed, NumpyRandom random, boolean standardized) {
        Dataset data = generator.generate(random);
        StandardScaler.Fit scaler = standardize ? StandardScaler.fit(data.x())
                : StandardScaler.Fit.identity(data.x().numCols);
        if (standardize && standardized) {
            // in place before the split, as the seed's program: the split copies the scaled rows
            scaler.transformInPlace(data.x());
        }
        Split split = Split.trainTest(data, testFraction, seed);
        LabelNoise.flip(split.train(), labelNoise, random);
        return new PreparedData(split, scaler);
    }
}
