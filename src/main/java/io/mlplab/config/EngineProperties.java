package io.mlplab.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the engine computes: {@code mlp.engine.*}. Every default is documented in {@code application.yml}.
 *
 * @param kernels    the matrix kernels: {@code auto} (the Vector API when the JVM has the module
 *                   {@code jdk.incubator.vector}, else plain Java), {@code vector}, {@code scalar} or
 *                   {@code ejml} (EJML's own products, the reference)
 * @param spareCores whether a job may split its products over cores that no other job is using
 */
@Validated
@ConfigurationProperties("mlp.engine")
public record EngineProperties(
        @DefaultValue("auto") @NotNull @Pattern(regexp = "auto|vector|scalar|ejml") String kernels,
        @DefaultValue("true") boolean spareCores) {
}
