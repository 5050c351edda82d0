package io.mlplab.web;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON, in one place. A request body is rejected (and the error handler names the field) when it
 * has an unknown field, a duplicate key, a fractional or out-of-range integer ({@code "epochs": 3.7}),
 * a number that is not finite ({@code 1e999}, {@code "NaN"}), a value of the wrong type (no coercion of
 * {@code "10"} to 10, of 5 to {@code "5"} or of 1 to {@code true}), a {@code null} for a primitive, or
 * trailing content after the object. An enum is read by its exact JSON name only: not by its index
 * ({@code 1}, {@code "1"}), not trimmed ({@code "relu "}), not in another case.
 *
 * <p>On the way out, a double that is not finite (a diverged loss) is written as {@code null}: JSON has
 * no NaN, and {@code "NaN"} strings would break clients that expect numbers.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonCustomizer() {
        return StrictJson::strict;
    }

    /** Makes {@code builder} strict, as the server reads request bodies; for tests that read specs themselves. */
    public static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // ALLOW_COERCION_OF_SCALARS leaves two doors open: "NaN" for a double and 5 for a string
                .withCoercionConfig(LogicalType.Float,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> {
                    config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                })
                .addModule(finiteNumbers())
                .addModule(strictEnums())
                .addHandler(new AbsentTypes());
    }

    /**
     * An object of a {@link TypeChoice} family without its type field is the family's {@code absent} type (an
     * optimizer without {@code type} is sgd). A default implementation in {@code @JsonTypeInfo} would do that
     * too, but would also take every unknown type ({@code "lbfgs"}) for it.
     */
    private static final class AbsentTypes extends DeserializationProblemHandler {
        @Override
        public JavaType handleMissingTypeId(DeserializationContext context, JavaType baseType,
                                            TypeIdResolver resolver, String failureMessage) {
            TypeChoice choice = baseType.getRawClass().getAnnotation(TypeChoice.class);
            return choice == null || choice.absent() == Void.class ? null : context.constructType(choice.absent());
        }
    }

    /** Reads every enum by its exact JSON name, nothing else. */
    static SimpleModule strictEnums() {
        SimpleModule module = new SimpleModule("mlp-strict-enums");
        module.setDeserializers(new SimpleDeserializers() {
            @Override
            public ValueDeserializer<?> findEnumDeserializer(JavaType type, DeserializationConfig config,
                                                             BeanDescription.Supplier description) {
                return new StrictEnumDeserializer(type.getRawClass());
            }
        });
        return module;
    }

    /** A JSON string equal to one of the enum's names ({@link JsonEnum#json()}); anything else is an error. */
    private static final class StrictEnumDeserializer extends StdScalarDeserializer<Object> {
        private final Map<String, Object> byName = new HashMap<>();

        StrictEnumDeserializer(Class<?> type) {
            super(type);
            for (Object constant : type.getEnumConstants()) {
                byName.put(constant instanceof JsonEnum json ? json.json() : ((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getString();
            Object value = byName.get(text);
            return value != null ? value : context.handleWeirdStringValue(handledType(), text, "not one of the values");
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Enum;
        }
    }

    /** Reads only finite doubles; writes non-finite doubles as {@code null}. */
    static SimpleModule finiteNumbers() {
        SimpleModule module = new SimpleModule("mlp-finite-numbers");
        module.addDeserializer(Double.class, new FiniteDoubleDeserializer(Double.class));
        module.addDeserializer(Double.TYPE, new FiniteDoubleDeserializer(Double.TYPE));
        module.addSerializer(Double.class, new NonFiniteAsNullSerializer());
        module.addSerializer(Double.TYPE, new NonFiniteAsNullSerializer());
        module.addSerializer(double[].class, new NonFiniteAsNullArraySerializer());
        return module;
    }

    /** A JSON number that overflows to infinity ({@code 1e999}) is an error, not a value. */
    private static final class FiniteDoubleDeserializer extends StdScalarDeserializer<Double> {
        FiniteDoubleDeserializer(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT) && !parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                return (Double) context.handleUnexpectedToken(Double.class, parser);
            }
            double value = parser.getDoubleValue();
            if (!Double.isFinite(value)) {
                return (Double) context.handleWeirdNumberValue(Double.class, value, "not a finite number");
            }
            return value;
        }
    }

    private static final class NonFiniteAsNullSerializer extends StdSerializer<Double> {
        NonFiniteAsNullSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
            writeFiniteOrNull(value, generator);
        }
    }

    private static final class NonFiniteAsNullArraySerializer extends StdSerializer<double[]> {
        NonFiniteAsNullArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator generator, SerializationContext context) {
            generator.writeStartArray(values, values.length);
            for (double value : values) {
                writeFiniteOrNull(value, generator);
            }
            generator.writeEndArray();
        }
    }

    private static void writeFiniteOrNull(double value, JsonGenerator generator) {
        if (Double.isFinite(value)) {
            generator.writeNumber(value);
        } else {
            generator.writeNull();
        }
    }
}
