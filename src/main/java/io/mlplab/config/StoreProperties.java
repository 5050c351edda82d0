package io.mlplab.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where jobs live: {@code mlp.store.*}. Every default is documented in {@code application.yml}.
 *
 * @param type          {@code memory} (this process only, nothing to set up) or {@code postgres} (the database
 *                      of {@code spring.datasource.*}, shared by every replica that points at it)
 * @param lease         postgres: how long a running job stays its worker's without a heartbeat; after that any
 *                      replica puts it back in the queue
 * @param heartbeat     postgres: how often a replica renews the leases of the jobs it runs, and looks for
 *                      expired ones
 * @param maxAttempts   postgres: a job whose worker was lost this many times ends FAILED with WORKER_LOST
 * @param historyFlush  postgres: how often a running job's new epochs are written to the database (the end of
 *                      the job always writes the rest)
 */
@Validated
@ConfigurationProperties("mlp.store")
public record StoreProperties(
        @DefaultValue("memory") @NotNull Type type,
        @DefaultValue("30s") @NotNull Duration lease,
        @DefaultValue("10s") @NotNull Duration heartbeat,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("500ms") @NotNull Duration historyFlush) {

    /** The property that chooses the store, read before the context starts by {@link DatabaseAutoConfigurationFilter}. */
    public static final String TYPE = "mlp.store.type";

    /** The stores there are. */
    public enum Type {
        MEMORY, POSTGRES
    }

    /** A lease must outlive a few heartbeats, or a healthy replica would lose its jobs between two of them. */
    @AssertTrue(message = "mlp.store.heartbeat must be shorter than half of mlp.store.lease")
    public boolean isHeartbeatWithinLease() {
        return lease == null || heartbeat == null || heartbeat.multipliedBy(2).compareTo(lease) <= 0;
    }

    @AssertTrue(message = "mlp.store.heartbeat and mlp.store.history-flush must be positive")
    public boolean isEveryIntervalPositive() {
        return heartbeat == null || historyFlush == null
                || !heartbeat.isNegative() && !heartbeat.isZero() && !historyFlush.isNegative() && !historyFlush.isZero();
    }
}
