package io.mlplab.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a sealed interface of request records chosen by a type field ({@code @JsonTypeInfo}), so that a
 * field of another type is reported in the family's words: {@code "the %s schedule"} with the type's name
 * makes "the cosine schedule has no gamma; its parameters are minLearningRate".
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TypeChoice {
    /** How a type of the family is named in a message, {@code %s} standing for its JSON name. */
    String value() default "%s";

    /** What the family calls its fields: {@code "parameters"} or {@code "fields"}. */
    String fields() default "fields";

    /** The type an object without the type field is, as the seed's; {@code Void} for "the field is required". */
    Class<?> absent() default Void.class;
}
