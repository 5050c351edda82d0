package io.mlplab.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Resource limits a job spec must respect: {@code mlp.limits.*}. The spec compiler checks them (not
 * annotations on the request), so an operator can change them without a rebuild.
 *
 * @param maxHiddenLayers most hidden linear layers ({@code model.hiddenLayers}, or linear entries of
 *                        {@code model.layers}, which may have at most four times as many entries)
 * @param maxWidth        widest hidden layer
 * @param maxSamples      largest {@code data.samples}
 * @param maxFeatures     largest {@code data.features}
 * @param maxEpochs       largest {@code training.epochs}
 * @param maxWork         budget for (samples + optimizer steps) × parameters × epochs, a proxy for CPU time
 * @param maxJobMemory    the most heap one job may take, against the engine's estimate of a job's bytes;
 *                        absent: {@link #HEAP_SHARE} of the JVM's maximum heap divided by the workers
 * @param maxDiagnosticRows budget for weight layers × recorded diagnostic epochs (10 numbers each), the
 *                        memory a job's per-layer diagnostics keep
 * @param maxBodySize     largest request body; a larger one is answered with 413
 */
@Validated
@ConfigurationProperties("mlp.limits")
public record LimitsProperties(
        @DefaultValue("8") @Min(0) int maxHiddenLayers,
        @DefaultValue("512") @Min(1) int maxWidth,
        @DefaultValue("100000") @Min(2) int maxSamples,
        @DefaultValue("512") @Min(1) int maxFeatures,
        @DefaultValue("100000") @Min(1) int maxEpochs,
        @DefaultValue("1000000000000") @Min(1) long maxWork,
        DataSize maxJobMemory,
        @DefaultValue("100000") @Min(1) long maxDiagnosticRows,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize) {

    /** The share of the heap that jobs may take together when {@code max-job-memory} is not set. */
    public static final double HEAP_SHARE = 0.75;
}
