package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.mlplab.training.Initializer;
import io.mlplab.web.TypeChoice;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/**
 * How the initial weights are drawn, chosen by {@code scheme} (absent: the seed's {@code uniform}); biases
 * start at zero. Every scheme draws in·out numbers per layer from the job's stream, row-major, first layer
 * first.
 */
@TypeChoice(value = "the %s scheme", fields = "parameters", absent = InitSpec.Uniform.class)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "scheme")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InitSpec.Uniform.class, name = "uniform"),
    @JsonSubTypes.Type(value = InitSpec.XavierUniform.class, name = "xavier_uniform"),
    @JsonSubTypes.Type(value = InitSpec.XavierNormal.class, name = "xavier_normal"),
    @JsonSubTypes.Type(value = InitSpec.HeUniform.class, name = "he_uniform"),
    @JsonSubTypes.Type(value = InitSpec.HeNormal.class, name = "he_normal"),
    @JsonSubTypes.Type(value = InitSpec.LecunNormal.class, name = "lecun_normal")})
@Schema(name = "JobSpecInit", description = "How the initial weights are drawn, chosen by `scheme`; biases start "
        + "at zero. `uniform`: rand(in, out) * scale, as the seed study. `xavier_uniform`, `xavier_normal`: "
        + "gain·sqrt(2/(in+out)) as std; `he_uniform`, `he_normal`: gain/sqrt(in) as std (PyTorch's kaiming, "
        + "fan_in); `lecun_normal`: gain/sqrt(in) with gain 1. The uniform variants draw on "
        + "[-sqrt(3)·std, sqrt(3)·std). Each linear layer uses the gain of the activation that follows it.",
        oneOf = {InitSpec.Uniform.class, InitSpec.XavierUniform.class, InitSpec.XavierNormal.class,
            InitSpec.HeUniform.class, InitSpec.HeNormal.class, InitSpec.LecunNormal.class},
        discriminatorProperty = "scheme",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "uniform", schema = InitSpec.Uniform.class),
            @DiscriminatorMapping(value = "xavier_uniform", schema = InitSpec.XavierUniform.class),
            @DiscriminatorMapping(value = "xavier_normal", schema = InitSpec.XavierNormal.class),
            @DiscriminatorMapping(value = "he_uniform", schema = InitSpec.HeUniform.class),
            @DiscriminatorMapping(value = "he_normal", schema = InitSpec.HeNormal.class),
            @DiscriminatorMapping(value = "lecun_normal", schema = InitSpec.LecunNormal.class)},
        example = "{\"scheme\":\"he_uniform\"}")
public sealed interface InitSpec permits InitSpec.Uniform, InitSpec.XavierUniform, InitSpec.XavierNormal,
        InitSpec.HeUniform, InitSpec.HeNormal, InitSpec.LecunNormal {

    String GAIN = "The gain. Absent: the gain PyTorch's calculate_gain gives the activation after each layer "
            + "(1 for lecun_normal).";

    /** This scheme with every absent parameter filled in. */
    InitSpec resolve();

    /** The engine's initializer of a resolved spec. */
    Initializer initializer();

    /** @param scale the multiplier of the draw */
    @Schema(name = "UniformInit", description = "`uniform`: rand(in, out) * scale, as the seed study.",
            example = "{\"scheme\":\"uniform\",\"scale\":0.01}")
    record Uniform(
            @Schema(description = "The multiplier of the draw. Default 0.01.", example = "0.01",
                    exclusiveMinimum = true, minimum = "0")
            @Positive Double scale) implements InitSpec {

        @Override
        public Uniform resolve() {
            return new Uniform(scale != null ? scale : Initializer.Uniform.SEED_SCALE);
        }

        @Override
        public Initializer initializer() {
            return new Initializer.Uniform(scale);
        }
    }

    /** @param gain the gain; null for the activation's */
    @Schema(name = "XavierUniformInit", description = "`xavier_uniform`: uniform with std gain·sqrt(2/(in+out)).",
            example = "{\"scheme\":\"xavier_uniform\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record XavierUniform(
            @Schema(description = GAIN, example = "1.0", exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) implements InitSpec {

        @Override
        public XavierUniform resolve() {
            return this;
        }

        @Override
        public Initializer initializer() {
            return new Initializer.XavierUniform(gain);
        }
    }

    /** @param gain the gain; null for the activation's */
    @Schema(name = "XavierNormalInit", description = "`xavier_normal`: normal with std gain·sqrt(2/(in+out)).",
            example = "{\"scheme\":\"xavier_normal\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record XavierNormal(
            @Schema(description = GAIN, example = "1.0", exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) implements InitSpec {

        @Override
        public XavierNormal resolve() {
            return this;
        }

        @Override
        public Initializer initializer() {
            return new Initializer.XavierNormal(gain);
        }
    }

    /** @param gain the gain; null for the activation's */
    @Schema(name = "HeUniformInit", description = "`he_uniform`: uniform with std gain/sqrt(in) (kaiming_uniform_, "
            + "fan_in).", example = "{\"scheme\":\"he_uniform\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HeUniform(
            @Schema(description = GAIN, example = "1.4142135623730951", exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) implements InitSpec {

        @Override
        public HeUniform resolve() {
            return this;
        }

        @Override
        public Initializer initializer() {
            return new Initializer.HeUniform(gain);
        }
    }

    /** @param gain the gain; null for the activation's */
    @Schema(name = "HeNormalInit", description = "`he_normal`: normal with std gain/sqrt(in) (kaiming_normal_, "
            + "fan_in).", example = "{\"scheme\":\"he_normal\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HeNormal(
            @Schema(description = GAIN, example = "1.4142135623730951", exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) implements InitSpec {

        @Override
        public HeNormal resolve() {
            return this;
        }

        @Override
        public Initializer initializer() {
            return new Initializer.HeNormal(gain);
        }
    }

    /** @param gain the gain; null for 1 */
    @Schema(name = "LecunNormalInit", description = "`lecun_normal`: normal with std gain/sqrt(in), gain 1 unless "
            + "given.", example = "{\"scheme\":\"lecun_normal\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LecunNormal(
            @Schema(description = GAIN, example = "1.0", exclusiveMinimum = true, minimum = "0")
            @Positive Double gain) implements InitSpec {

        @Override
        public LecunNormal resolve() {
            return this;
        }

        @Override
        public Initializer initializer() {
            return new Initializer.LecunNormal(gain);
        }
    }
}
