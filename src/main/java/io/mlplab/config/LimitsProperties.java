package io.mlplab.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Resource limits a job spec must respect: {@code mlp.limits.*}. The job service checks them (not
 * annotations on the request), so an operator can change them without a rebuild.
 *
 * @param maxHiddenLayers most hidden layers in {@code model.hiddenLayers}
 * @param maxWidth        widest hidden layer
 * @param maxSamples      largest {@code data.samples}
 * @param maxFeatures     largest {@code data.features}
 * @param maxEpochs       largest {@code training.epochs}
 * @param maxWork         budget for samples × parameters × epochs, a proxy for CPU time
 * @param maxEpochWork    budget for samples × parameters, the work of one full-batch epoch: the job checks
 *                        for a cancel between epochs, so this bounds how long a cancel can take
 * @param maxActivations  budget for samples × (features + every layer's width): the size of the data and
 *                        of the per-sample scratch matrices, a proxy for the memory of one job
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
        @DefaultValue("50000000") @Min(1) long maxEpochWork,
        @DefaultValue("5000000") @Min(1) long maxActivations,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize) {
}
