package io.mlplab.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a JSON reading error into a {@link FieldProblem} in the API's words: the field as a path into the
 * body ({@code model.hiddenLayers[1]}) and a message that names no Java type, class or library.
 */
public final class JsonProblems {

    /** The field of a problem that concerns the body as a whole. */
    static final String BODY = "(body)";

    private JsonProblems() {
    }

    public static FieldProblem describe(JacksonException e) {
        if (e instanceof InvalidTypeIdException typeId && typeId.getBaseType() != null) {
            Class<?> family = typeId.getBaseType().getRawClass();
            JsonTypeInfo info = family.getAnnotation(JsonTypeInfo.class);
            String property = info == null ? "type" : info.property();
            String base = path(e);
            return new FieldProblem(base.equals(BODY) ? property : base + "." + property,
                    (typeId.getTypeId() == null ? "is required; " : "") + "must be one of "
                            + String.join(", ", typeNames(family)));
        }
        return new FieldProblem(path(e), message(e));
    }

    /** The JSON names of a family's types, in the order the family lists them. */
    private static List<String> typeNames(Class<?> family) {
        JsonSubTypes subtypes = family.getAnnotation(JsonSubTypes.class);
        return subtypes == null ? List.of() : Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).toList();
    }

    /**
     * A field that the chosen type of a {@link TypeChoice} family does not have, in the family's words: what
     * the type has instead, and which other types have the field.
     */
    private static String notOfType(Class<?> type, String field) {
        Class<?> family = Arrays.stream(type.getInterfaces()).filter(i -> i.isAnnotationPresent(TypeChoice.class))
                .findFirst().orElse(null);
        if (family == null || !type.isRecord()) {
            return null;
        }
        TypeChoice choice = family.getAnnotation(TypeChoice.class);
        JsonSubTypes subtypes = family.getAnnotation(JsonSubTypes.class);
        String name = type.getSimpleName();
        List<String> others = new ArrayList<>();
        for (JsonSubTypes.Type subtype : subtypes.value()) {
            if (subtype.value() == type) {
                name = subtype.name();
            } else if (Arrays.stream(subtype.value().getRecordComponents()).anyMatch(c -> c.getName().equals(field))) {
                others.add(subtype.name());
            }
        }
        List<String> own = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        String message = choice.value().formatted(name) + " has no " + field + "; "
                + (own.isEmpty() ? "it takes no " + choice.fields() : "its " + choice.fields() + " are "
                + String.join(", ", own));
        return others.isEmpty() ? message
                : message + " (" + String.join(", ", others) + (others.size() == 1 ? " has it)" : " have it)");
    }

    private static String path(JacksonException e) {
        // a parser-level error (duplicate key, bad token) is reported at the enclosing object; the parser's
        // context knows the field it was reading
        if (e instanceof StreamReadException && e.processor() instanceof JsonParser parser) {
            return orBody(path(parser.streamReadContext()));
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return orBody(path.toString());
    }

    private static String path(TokenStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.currentName() != null) {
                parts.push("." + c.currentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String orBody(String path) {
        return path.isEmpty() ? BODY : path;
    }

    private static String message(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String other = unknown.getReferringClass() == null ? null
                    : notOfType(unknown.getReferringClass(), unknown.getPropertyName());
            if (other != null) {
                return other;
            }
            return "unknown field; the fields here are " + names(unknown.getKnownPropertyIds());
        }
        if (e instanceof InputCoercionException coercion) {
            return coercion.getTargetType() == Long.class || coercion.getTargetType() == long.class
                    ? "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    : "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (e instanceof UnexpectedEndOfInputException) {
            return "the JSON ends too early";
        }
        if (e instanceof StreamReadException read) {
            String original = String.valueOf(read.getOriginalMessage());
            if (original.startsWith("Duplicate")) {
                return "duplicate field";
            }
            if (original.contains("NaN") || original.contains("Infinity")) {
                return "must be a finite number";
            }
            return read.getLocation() == null ? "malformed JSON"
                    : "malformed JSON at line " + read.getLocation().getLineNr() + ", column "
                    + read.getLocation().getColumnNr();
        }
        if (e instanceof InvalidFormatException format && format.getValue() instanceof Double value
                && !Double.isFinite(value)) {
            return "must be a finite number";
        }
        if (e instanceof MismatchedInputException mismatch) {
            if (mismatch.processor() instanceof JsonParser parser && parser.currentToken() == JsonToken.VALUE_NULL) {
                return "must not be null";
            }
            return expected(mismatch.getTargetType());
        }
        return "is not valid here";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant instanceof JsonEnum json ? json.json() : ((Enum<?>) constant).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        return "must be an object";
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
