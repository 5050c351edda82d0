package io.mlplab.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems a handler method can answer with. {@link ProblemDocumentation} turns each into a response
 * of the OpenAPI document, with the problem schema, its own example and, for 429 and 503, {@code Retry-After}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiProblems {
    ProblemType[] value();
}
