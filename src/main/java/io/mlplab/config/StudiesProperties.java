package io.mlplab.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How studies run: {@code mlp.studies.*}. Every default is documented in {@code application.yml}.
 *
 * @param maxMembers most members (grid points × seeds) one study may have; one more is a 400
 * @param retained   finished studies kept in memory, with their member jobs; the oldest finished one is
 *                   forgotten first, and its jobs with it
 * @param maxHistoryPoints most values (losses, accuracies) one {@code /history} answer of a study carries; without
 *                   {@code every}, the history is downsampled to fit
 * @param sweepInterval with {@code mlp.store.type=postgres}, how often a server checks the studies for what job end
 *                   events alone may miss (a replica that died mid-study) and feeds their waiting members; a replica
 *                   silent for three intervals no longer counts its workers
 */
@Validated
@ConfigurationProperties("mlp.studies")
public record StudiesProperties(
        @DefaultValue("500") @Min(1) int maxMembers,
        @DefaultValue("20") @Min(1) int retained,
        @DefaultValue("1000000") @Min(1000) int maxHistoryPoints,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration sweepInterval) {
}
