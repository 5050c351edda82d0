package io.mlplab.web;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum of the job spec, written in JSON as its lower snake case name ({@code LEAKY_RELU} is
 * {@code "leaky_relu"}), so a new value is one new constant.
 */
public interface JsonEnum {

    String name();

    /** The value as it appears in JSON. */
    @JsonValue
    default String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
