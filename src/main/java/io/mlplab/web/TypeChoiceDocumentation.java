package io.mlplab.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Fixes up the generated schemas where the generator and the server disagree. A family chosen by a type
 * field becomes a plain {@code oneOf} with a discriminator whose members each hold their own fields and their
 * type's name (the generator makes every member {@code allOf} the family, which refers back to the members: a
 * loop). A bound that the server enforces strictly ({@code @Positive}: greater than 0) is an
 * {@code exclusiveMinimum}, not a {@code minimum}. An array's items may be null where the server writes
 * nulls: every array of doubles without bounds (the server writes a number that is not finite as null, see
 * {@link StrictJson}) and every array whose example shows a null. And the problem body's schema is added,
 * since the responses that use it are written by {@link ProblemDocumentation}.
 */
@Component
class TypeChoiceDocumentation implements OpenApiCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        ModelConverters.getInstance(true).readAll(ProblemResponse.class).forEach(schemas::putIfAbsent);
        for (Map.Entry<String, Schema> entry : new ArrayList<>(schemas.entrySet())) {
            Schema family = entry.getValue();
            if (family.getDiscriminator() == null || family.getOneOf() == null) {
                continue;
            }
            String property = family.getDiscriminator().getPropertyName();
            Map<String, String> mapping = family.getDiscriminator().getMapping();
            family.setProperties(null);
            family.setRequired(null);
            family.setType(null);
            family.setTypes(null);
            mapping.forEach((name, ref) -> {
                Schema member = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
                if (member != null) {
                    flatten(member, "#/components/schemas/" + entry.getKey());
                    Map<String, Schema> properties = new LinkedHashMap<>();
                    properties.put(property, new StringSchema()._enum(List.of(name))
                            .description("The type's name.").example(name));
                    if (member.getProperties() != null) {
                        properties.putAll(member.getProperties());
                    }
                    member.setProperties(properties);
                    List<String> required = new ArrayList<>(List.of(property));
                    if (member.getRequired() != null) {
                        required.addAll(member.getRequired());
                    }
                    member.setRequired(required);
                }
            });
        }
        schemas.values().forEach(TypeChoiceDocumentation::strictBounds);
        familyItemsByReference(schemas);
    }

    /**
     * A family's own members may hold a list of the family (a residual block's {@code layers}): the generator
     * writes those items inline, with the family's description but neither its {@code oneOf} nor a type, which
     * says "anything". Such items become a reference to the family.
     */
    @SuppressWarnings("rawtypes")
    private static void familyItemsByReference(Map<String, Schema> schemas) {
        Map<String, String> families = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (schema.getDiscriminator() != null && schema.getOneOf() != null && schema.getDescription() != null) {
                families.put(schema.getDescription(), name);
            }
        });
        for (Schema schema : schemas.values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            for (Object value : schema.getProperties().values()) {
                Schema items = ((Schema) value).getItems();
                if (items != null && items.get$ref() == null && items.getType() == null && items.getTypes() == null
                        && items.getOneOf() == null && families.containsKey(items.getDescription())) {
                    items.set$ref("#/components/schemas/" + families.get(items.getDescription()));
                }
            }
        }
    }

    /** Takes the member's own part out of {@code allOf: [family, own]}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void flatten(Schema member, String familyRef) {
        if (member.getAllOf() == null) {
            return;
        }
        for (Object part : member.getAllOf()) {
            Schema schema = (Schema) part;
            if (familyRef.equals(schema.get$ref())) {
                continue;
            }
            if (schema.getProperties() != null) {
                Map<String, Schema> properties = new LinkedHashMap<>(
                        member.getProperties() == null ? Map.of() : member.getProperties());
                properties.putAll(schema.getProperties());
                member.setProperties(properties);
            }
            if (schema.getRequired() != null) {
                schema.getRequired().forEach(r -> member.addRequiredItem((String) r));
            }
        }
        member.setAllOf(null);
        member.addType("object");
    }

    @SuppressWarnings("rawtypes")
    private static void nullableItems(Schema array) {
        Schema items = array.getItems();
        boolean unboundedDoubles = "double".equals(items.getFormat()) && items.getMinimum() == null
                && items.getMaximum() == null && items.getExclusiveMinimumValue() == null
                && items.getExclusiveMaximumValue() == null;
        boolean exampleHasNull = array.getExample() instanceof java.util.Collection<?> example ? example.contains(null)
                : array.getExample() != null && String.valueOf(array.getExample()).contains("null");
        if (unboundedDoubles || exampleHasNull) {
            String type = items.getType() != null ? items.getType()
                    : items.getTypes() == null || items.getTypes().isEmpty() ? null
                    : (String) items.getTypes().iterator().next();
            if (type != null) {
                items.setType(null);
                items.setTypes(new java.util.LinkedHashSet<>(List.of(type, "null")));
            }
        }
    }

    /** {@code minimum} with {@code exclusiveMinimum: true} is, in OpenAPI 3.1, {@code exclusiveMinimum: min}. */
    @SuppressWarnings("rawtypes")
    private static void strictBounds(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Object value : schema.getProperties().values()) {
            Schema property = (Schema) value;
            if (Boolean.TRUE.equals(property.getExclusiveMinimum()) && property.getMinimum() != null) {
                property.setExclusiveMinimumValue(property.getMinimum());
                property.setMinimum(null);
                property.setExclusiveMinimum(null);
            }
            if (Boolean.TRUE.equals(property.getExclusiveMaximum()) && property.getMaximum() != null) {
                property.setExclusiveMaximumValue(property.getMaximum());
                property.setMaximum(null);
                property.setExclusiveMaximum(null);
            }
            if (property.getItems() != null) {
                Schema items = property.getItems();
                // a bound springdoc read from @DecimalMax(inclusive = false) beside the exclusive one documented
                if (items.getExclusiveMaximumValue() != null && items.getMaximum() != null
                        && items.getExclusiveMaximumValue().compareTo(items.getMaximum()) == 0) {
                    items.setMaximum(null);
                }
                strictBounds(items);
                nullableItems(property);
            }
        }
    }

}
