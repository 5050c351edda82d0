package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.data.DatasetGenerator;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The dataset, chosen by {@code kind} (absent: the seed's {@code blobs}). Every kind has the sample count,
 * the features, the noise, the test share and standardization; each record adds its own fields.
 */
@TypeChoice(value = "the %s data", fields = "fields", absent = DataSpec.Blobs.class)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DataSpec.Blobs.class, name = "blobs"),
    @JsonSubTypes.Type(value = DataSpec.GaussianBlobs.class, name = "gaussian_blobs")})
@Schema(name = "JobSpecData", description = "The dataset, chosen by `kind`: `blobs` (the seed's two Gaussian "
        + "blobs, labels 1 and 0) or `gaussian_blobs` (`classes` blobs with random centres, labels 0..classes-1).",
        oneOf = {DataSpec.Blobs.class, DataSpec.GaussianBlobs.class}, discriminatorProperty = "kind",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "blobs", schema = DataSpec.Blobs.class),
            @DiscriminatorMapping(value = "gaussian_blobs", schema = DataSpec.GaussianBlobs.class)},
        example = "{\"kind\":\"blobs\",\"samples\":500,\"features\":8,\"center\":2.0,\"noise\":1.0,"
                + "\"testFraction\":0.2,\"standardize\":true}")
public sealed interface DataSpec permits DataSpec.Blobs, DataSpec.GaussianBlobs {

    Integer samples();

    Integer features();

    Double noise();

    Double testFraction();

    Boolean standardize();

    /** This kind with every absent field filled in. */
    DataSpec resolve();

    /** Classes in the data of a resolved spec, which with the loss decides the output layer's width. */
    int classCount();

    /** The engine's generator of a resolved spec. */
    DatasetGenerator generator();

    /**
     * The seed's two Gaussian blobs: {@code samples / 2} rows of class 1 around {@code +center} in every
     * feature, then class 0 around {@code -center}.
     *
     * @param samples      number of samples before the split
     * @param features     number of input features
     * @param center       class 1 is centred at +center in every feature, class 0 at -center
     * @param noise        standard deviation of each feature around its centre
     * @param testFraction share of samples held out for testing, as scikit-learn's test_size
     * @param standardize  scale every feature to mean 0 and population std 1 before the split
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
            @Schema(description = "Share of the samples held out for testing (scikit-learn's test_size).",
                    example = "0.2", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = "Standardize every feature (mean 0, population std 1) before the split.",
                    example = "true")
            Boolean standardize) implements DataSpec {

        /** The seed study's data: what an absent {@code data} means. */
        public static final Blobs SEED = new Blobs(500, 8, 2.0, 1.0, 0.2, true);

        @Override
        public Blobs resolve() {
            return new Blobs(or(samples, SEED.samples), or(features, SEED.features), or(center, SEED.center),
                    or(noise, SEED.noise), or(testFraction, SEED.testFraction), or(standardize, SEED.standardize));
        }

        @Override
        public int classCount() {
            return 2;
        }

        @Override
        public DatasetGenerator generator() {
            return new io.mlplab.data.Blobs(samples, features, center, noise);
        }
    }

    /**
     * {@code classes} Gaussian blobs with random centres.
     *
     * @param samples      number of samples before the split, an equal share per class
     * @param features     number of input features
     * @param classes      the number of classes
     * @param spread       every centre coordinate is uniform on [-spread, spread)
     * @param noise        standard deviation of each feature around its centre
     * @param testFraction share of samples held out for testing
     * @param standardize  scale every feature before the split
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
            @Schema(description = "Share of the samples held out for testing (scikit-learn's test_size).",
                    example = "0.2", minimum = "0", exclusiveMinimum = true, maximum = "1", exclusiveMaximum = true)
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double testFraction,
            @Schema(description = "Standardize every feature (mean 0, population std 1) before the split.",
                    example = "true")
            Boolean standardize) implements DataSpec {

        @Override
        public GaussianBlobs resolve() {
            Blobs seed = Blobs.SEED;
            return new GaussianBlobs(or(samples, seed.samples()), or(features, seed.features()),
                    or(classes, io.mlplab.data.GaussianBlobs.DEFAULT_CLASSES),
                    or(spread, io.mlplab.data.GaussianBlobs.DEFAULT_SPREAD), or(noise, seed.noise()),
                    or(testFraction, seed.testFraction()), or(standardize, seed.standardize()));
        }

        @Override
        public int classCount() {
            return classes;
        }

        @Override
        public DatasetGenerator generator() {
            return new io.mlplab.data.GaussianBlobs(samples, features, classes, spread, noise);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
