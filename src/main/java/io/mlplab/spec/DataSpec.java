package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.data.NoiseFeatures;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The dataset, chosen by {@code kind} (absent: the seed's {@code blobs}). Every kind has the sample count, the
 * noise, the test share, standardization, extra noise features and label noise; each record adds its own fields.
 * The blobs have {@code features}; the plane's kinds (moons, circles, xor, spirals) have two.
 */
@TypeChoice(value = "the %s data", fields = "fields", absent = DataSpec.Blobs.class)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DataSpec.Blobs.class, name = "blobs"),
    @JsonSubTypes.Type(value = DataSpec.GaussianBlobs.class, name = "gaussian_blobs"),
    @JsonSubTypes.Type(value = DataSpec.Moons.class, name = "moons"),
    @JsonSubTypes.Type(value = DataSpec.Circles.class, name = "circles"),
    @JsonSubTypes.Type(value = DataSpec.Xor.class, name = "xor"),
    @JsonSubTypes.Type(value = DataSpec.Spirals.class, name = "spirals")})
@Schema(name = "JobSpecData", description = "The dataset, chosen by `kind`: `blobs` (the seed's two Gaussian "
        + "blobs, labels 1 and 0), `gaussian_blobs` (`classes` blobs with random centres, labels 0..classes-1), "
        + "`moons` and `circles` (scikit-learn's make_moons and make_circles), `xor` (the four quadrants) or "
        + "`spirals` (`arms` interleaved spiral arms, one class each). Every kind takes `noiseFeatures` and "
        + "`labelNoise`.",
        oneOf = {DataSpec.Blobs.class, DataSpec.GaussianBlobs.class, DataSpec.Moons.class, DataSpec.Circles.class,
            DataSpec.Xor.class, DataSpec.Spirals.class}, discriminatorProperty = "kind",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "blobs", schema = DataSpec.Blobs.class),
            @DiscriminatorMapping(value = "gaussian_blobs", schema = DataSpec.GaussianBlobs.class),
            @DiscriminatorMapping(value = "moons", schema = DataSpec.Moons.class),
            @DiscriminatorMapping(value = "circles", schema = DataSpec.Circles.class),
            @DiscriminatorMapping(value = "xor", schema = DataSpec.Xor.class),
            @DiscriminatorMapping(value = "spirals", schema = DataSpec.Spirals.class)},
        example = "{\"kind\":\"blobs\",\"samples\":500,\"features\":8,\"center\":2.0,\"noise\":1.0,"
                + "\"testFraction\":0.2,\"standardize\":true}")
public sealed interface DataSpec permits DataSpec.Blobs, DataSpec.GaussianBlobs, DataSpec.Moons, DataSpec.Circles,
        DataSpec.Xor, DataSpec.Spirals {

    /** Noise of the plane's kinds when none is asked for (circles and spirals: {@link #FINE_NOISE}). */
    double PLANE_NOISE = 0.1;
    /** Noise of circles and spirals when none is asked for: their classes lie closer together. */
    double FINE_NOISE = 0.05;

    Integer samples();

    Double noise();

    Double testFraction();

    Boolean standardize();

    /** Irrelevant standard-normal features appended after the kind's own; null (absent) for none. */
    Integer noiseFeatures();

    /** The share of training labels flipped; null (absent) for none. */
    Double labelNoise();

    /** This kind with every absent field filled in ({@code noiseFeatures} and {@code labelNoise} stay absent). */
    DataSpec resolve();

    /** Classes in the data of a resolved spec, which with the loss decides the output layer's width. */
    int classCount();

    /** The kind's own features of a resolved spec, before any noise features. */
    int ownFeatures();

    /** The field that sets {@link #ownFeatures()}, or null when the kind has a fixed number. */
    default String featuresField() {
        return null;
    }

    /** Columns the network sees: the kind's own features, then the noise features. */
    default int inputs() {
        return ownFeatures() + (noiseFeatures() == null ? 0 : noiseFeatures());
    }

    /** The share of training labels flipped, 0 when absent. */
    default double labelNoiseOrZero() {
        return labelNoise() == null ? 0.0 : labelNoise();
    }

    /** The kind's own generator of a resolved spec. */
    DatasetGenerator ownGenerator();

    /** The engine's generator of a resolved spec: the kind's data, then the noise features. */
    default DatasetGenerator generator() {
        DatasetGenerator own = ownGenerator();
        return noiseFeatures() == null || noiseFeatures() == 0 ? own : new NoiseFeatures(own, noiseFeatures());
    }

    /**
     * The seed's two Gaussian blobs: {@code samples / 2} rows of class 1 around {@code +center} in every
     * feature, then class 0 around {@code -center}.
     *
     * @param samples       number of samples before the split
     * @param features      number of input features
     * @param center        class 1 is centred at +center in every feature, class 0 at -center
     * @param noise         standard deviation of each feature around its centre
     * @param testFraction  share of samples held out for testing, as scikit-learn's test_size
     * @param standardize   scale every feature to mean 0 and population std 1 before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "BlobsData", description = "`blobs`: two Gaussian blobs, labels 1 and 0 (the seed's).",
            example = "{\"kind\":\"blobs\",\"samples\":500,\"features\":8,\"center\":2.0,\"noise\":1.0,"
                    + "\"testFraction\":0.2,\"standardize\":true}")
    record Blobs(
            @Schema(description = "Number of samples before the split; half of them class 1.", example = "500",
                    minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Number of input features.", example = "8", minimum = "1")
            @Min(1) Integer features,
            @Schema(description = "Class 1 is centred at +center in every feature, class 0 at -center. Default "
                    + "2.0.", example = "2.0")
            Double center,
            @Schema(description = "Standard deviation of every feature around its centre.", example = "1.0",
                    minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        /** The seed study's data: what an absent {@code data} means. */
        public static final Blobs SEED = new Blobs(500, 8, 2.0, 1.0, 0.2, true);

        /** Without noise features or label noise. */
        public Blobs(Integer samples, Integer features, Double center, Double noise, Double testFraction,
                     Boolean standardize) {
            this(samples, features, center, noise, testFraction, standardize, null, null);
        }

        @Override
        public Blobs resolve() {
            return new Blobs(or(samples, SEED.samples), or(features, SEED.features), or(center, SEED.center),
                    or(noise, SEED.noise), or(testFraction, SEED.testFraction), or(standardize, SEED.standardize),
                    noiseFeatures, labelNoise);
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public int ownFeatures() {
            return features;
        }

        @Override
        public String featuresField() {
            return "data.features";
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.Blobs(samples, features, center, noise);
        }
    }

    /**
     * {@code classes} Gaussian blobs with random centres.
     *
     * @param samples       number of samples before the split, an equal share per class
     * @param features      number of input features
     * @param classes       the number of classes
     * @param spread        every centre coordinate is uniform on [-spread, spread)
     * @param noise         standard deviation of each feature around its centre
     * @param testFraction  share of samples held out for testing
     * @param standardize   scale every feature before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "GaussianBlobsData", description = "`gaussian_blobs`: `classes` Gaussian blobs with random "
            + "centres, labels 0..classes-1.", example = "{\"kind\":\"gaussian_blobs\",\"samples\":600,"
            + "\"features\":8,\"classes\":3,\"spread\":2.0,\"noise\":1.0,\"testFraction\":0.2,\"standardize\":true}")
    record GaussianBlobs(
            @Schema(description = "Number of samples before the split, an equal share per class.", example = "600",
                    minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Number of input features.", example = "8", minimum = "1")
            @Min(1) Integer features,
            @Schema(description = "The number of classes, at least 2. Default 3.", example = "3", minimum = "2")
            @Min(2) Integer classes,
            @Schema(description = "Each centre coordinate is drawn uniform on [-spread, spread). Default 2.0.",
                    example = "2.0", minimum = "0")
            @PositiveOrZero Double spread,
            @Schema(description = "Standard deviation of every feature around its centre.", example = "1.0",
                    minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        /** Without noise features or label noise. */
        public GaussianBlobs(Integer samples, Integer features, Integer classes, Double spread, Double noise,
                             Double testFraction, Boolean standardize) {
            this(samples, features, classes, spread, noise, testFraction, standardize, null, null);
        }

        @Override
        public GaussianBlobs resolve() {
            Blobs seed = Blobs.SEED;
            return new GaussianBlobs(or(samples, seed.samples()), or(features, seed.features()),
                    or(classes, io.mlplab.data.GaussianBlobs.DEFAULT_CLASSES),
                    or(spread, io.mlplab.data.GaussianBlobs.DEFAULT_SPREAD), or(noise, seed.noise()),
                    or(testFraction, seed.testFraction()), or(standardize, seed.standardize()), noiseFeatures,
                    labelNoise);
        }

        @Override
        public int classCount() {
            return classes;
        }

        @Override
        public int ownFeatures() {
            return features;
        }

        @Override
        public String featuresField() {
            return "data.features";
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.GaussianBlobs(samples, features, classes, spread, noise);
        }
    }

    /**
     * Two interleaving half circles, scikit-learn's {@code make_moons} drawn from the job's stream.
     *
     * @param samples       number of samples before the split: {@code samples / 2} on the outer moon (label 0)
     * @param noise         standard deviation of the Gaussian noise added to both coordinates
     * @param testFraction  share of samples held out for testing
     * @param standardize   scale both features before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the two real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "MoonsData", description = "`moons`: two interleaving half circles in the plane, scikit-learn's "
            + "`make_moons(samples, noise=noise, random_state=R)` with R the job's stream; the outer moon is label 0.",
            example = "{\"kind\":\"moons\",\"samples\":500,\"noise\":0.1,\"testFraction\":0.2,\"standardize\":true}")
    record Moons(
            @Schema(description = "Number of samples before the split; the outer moon gets samples / 2.",
                    example = "500", minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Standard deviation of the Gaussian noise added to both coordinates. Default 0.1.",
                    example = "0.1", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        @Override
        public Moons resolve() {
            return new Moons(or(samples, Blobs.SEED.samples()), or(noise, PLANE_NOISE),
                    or(testFraction, Blobs.SEED.testFraction()), or(standardize, Blobs.SEED.standardize()),
                    noiseFeatures, labelNoise);
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public int ownFeatures() {
            return 2;
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.Moons(samples, noise);
        }
    }

    /**
     * A small circle inside a large one, scikit-learn's {@code make_circles} drawn from the job's stream.
     *
     * @param samples       number of samples before the split: {@code samples / 2} on the outer circle (label 0)
     * @param noise         standard deviation of the Gaussian noise added to both coordinates
     * @param factor        the inner circle's radius, the outer one's being 1
     * @param testFraction  share of samples held out for testing
     * @param standardize   scale both features before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the two real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "CirclesData", description = "`circles`: a small circle inside a large one, scikit-learn's "
            + "`make_circles(samples, noise=noise, factor=factor, random_state=R)` with R the job's stream; the outer "
            + "circle is label 0.", example = "{\"kind\":\"circles\",\"samples\":500,\"noise\":0.05,\"factor\":0.8,"
            + "\"testFraction\":0.2,\"standardize\":true}")
    record Circles(
            @Schema(description = "Number of samples before the split; the outer circle gets samples / 2.",
                    example = "500", minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Standard deviation of the Gaussian noise added to both coordinates. Default 0.05.",
                    example = "0.05", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = "The inner circle's radius (the outer one's is 1), in [0, 1). Default 0.8, "
                    + "scikit-learn's.", example = "0.8", minimum = "0", maximum = "1", exclusiveMaximum = true)
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double factor,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        @Override
        public Circles resolve() {
            return new Circles(or(samples, Blobs.SEED.samples()), or(noise, FINE_NOISE),
                    or(factor, io.mlplab.data.Circles.DEFAULT_FACTOR), or(testFraction, Blobs.SEED.testFraction()),
                    or(standardize, Blobs.SEED.standardize()), noiseFeatures, labelNoise);
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public int ownFeatures() {
            return 2;
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.Circles(samples, noise, factor);
        }
    }

    /**
     * The four quadrants of {@code [-1, 1)²}, label 1 where exactly one coordinate is positive.
     *
     * @param samples       number of samples before the split
     * @param noise         standard deviation of the Gaussian noise added to both coordinates after labelling
     * @param testFraction  share of samples held out for testing
     * @param standardize   scale both features before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the two real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "XorData", description = "`xor`: points uniform on the square [-1, 1)², label 1 where exactly "
            + "one coordinate is positive (the exclusive or of their signs), then Gaussian noise on the features.",
            example = "{\"kind\":\"xor\",\"samples\":500,\"noise\":0.1,\"testFraction\":0.2,\"standardize\":true}")
    record Xor(
            @Schema(description = "Number of samples before the split.", example = "500", minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "Standard deviation of the Gaussian noise added to both coordinates after the "
                    + "label is taken from the clean point. Default 0.1.", example = "0.1", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        @Override
        public Xor resolve() {
            return new Xor(or(samples, Blobs.SEED.samples()), or(noise, PLANE_NOISE),
                    or(testFraction, Blobs.SEED.testFraction()), or(standardize, Blobs.SEED.standardize()),
                    noiseFeatures, labelNoise);
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public int ownFeatures() {
            return 2;
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.Xor(samples, noise);
        }
    }

    /**
     * {@code arms} interleaved spiral arms, one class per arm.
     *
     * @param samples       number of samples before the split, an equal share per arm
     * @param arms          the number of arms, which is the number of classes
     * @param noise         standard deviation of the Gaussian noise added to both coordinates
     * @param testFraction  share of samples held out for testing
     * @param standardize   scale both features before the split
     * @param noiseFeatures irrelevant standard-normal features appended after the two real ones
     * @param labelNoise    the share of training labels flipped
     */
    @Schema(name = "SpiralsData", description = "`spirals`: `arms` interleaved spiral arms in the plane, each turning "
            + "1.75 times from the centre to radius 1, label = arm (TensorFlow Playground's spiral for two arms).",
            example = "{\"kind\":\"spirals\",\"samples\":500,\"arms\":2,\"noise\":0.05,\"testFraction\":0.2,"
                    + "\"standardize\":true}")
    record Spirals(
            @Schema(description = "Number of samples before the split, an equal share per arm.", example = "500",
                    minimum = "2")
            @Min(2) Integer samples,
            @Schema(description = "The number of arms, which is the number of classes; at least 2. Default 2.",
                    example = "2", minimum = "2")
            @Min(2) Integer arms,
            @Schema(description = "Standard deviation of the Gaussian noise added to both coordinates. Default 0.05.",
                    example = "0.05", minimum = "0")
            @PositiveOrZero Double noise,
            @Schema(description = TEST_FRACTION, example = "0.2", minimum = "0", exclusiveMinimum = true,
                    maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = STANDARDIZE, example = "true")
            Boolean standardize,
            @Schema(description = NOISE_FEATURES, example = "4", minimum = "0", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @Min(0) Integer noiseFeatures,
            @Schema(description = LABEL_NOISE, example = "0.1", minimum = "0", maximum = "1", nullable = true)
            @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalMin("0") @DecimalMax("1") Double labelNoise)
            implements DataSpec {

        @Override
        public Spirals resolve() {
            return new Spirals(or(samples, Blobs.SEED.samples()), or(arms, io.mlplab.data.Spirals.DEFAULT_ARMS),
                    or(noise, FINE_NOISE), or(testFraction, Blobs.SEED.testFraction()),
                    or(standardize, Blobs.SEED.standardize()), noiseFeatures, labelNoise);
        }

        @Override
        public int classCount() {
            return arms;
        }

        @Override
        public int ownFeatures() {
            return 2;
        }

        @Override
        public DatasetGenerator ownGenerator() {
            return new io.mlplab.data.Spirals(samples, arms, noise);
        }
    }

    /** The description shared by every kind's {@code testFraction}. */
    String TEST_FRACTION = "Share of the samples held out for testing (scikit-learn's test_size).";
    /** The description shared by every kind's {@code standardize}. */
    String STANDARDIZE = "Standardize every feature (mean 0, population std 1) over all samples, before the split.";
    /** The description shared by every kind's {@code noiseFeatures}. */
    String NOISE_FEATURES = "Irrelevant features appended after the real ones, each standard normal (randn), drawn "
            + "from the job's stream after the kind's own draws. Absent: none.";
    /** The description shared by every kind's {@code labelNoise}. */
    String LABEL_NOISE = "The share of training labels flipped after the split (floor(labelNoise · nTrain) rows, "
            + "chosen by a permutation drawn from the job's stream; with more than two classes a flipped label moves "
            + "to another class at random). Test labels stay clean. Absent: none.";

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
