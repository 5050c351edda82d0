package io.mlplab.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs run: {@code mlp.jobs.*}. Every default is documented in {@code application.yml}.
 *
 * @param workers         training threads; absent or 0 means one per available processor
 * @param queueCapacity   jobs that may wait for a worker; one more is answered with 429
 * @param retained        finished jobs kept in memory; the oldest finished one is forgotten first
 * @param maxRuntime      a running job older than this stops as FAILED with code TIMEOUT
 * @param retryAfter      the {@code Retry-After} sent with 429 (queue full) and 503 (shutting down)
 * @param shutdownTimeout how long shutdown waits for workers to leave their current epoch
 */
@Validated
@ConfigurationProperties("mlp.jobs")
public record JobsProperties(
        @Min(0) int workers,
        @DefaultValue("100") @Min(1) int queueCapacity,
        @DefaultValue("1000") @Min(1) int retained,
        @DefaultValue("1h") @NotNull Duration maxRuntime,
        @DefaultValue("10s") @NotNull Duration retryAfter,
        @DefaultValue("30s") @NotNull Duration shutdownTimeout) {

    /** The number of worker threads: {@link #workers()}, or one per processor when that is 0. */
    public int workerThreads() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }
}
