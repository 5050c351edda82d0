package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlplab.training.Experiment;
import io.mlplab.web.JsonEnum;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Stop when the monitored loss stops improving; the defaults are {@link Experiment.EarlyStopping#DEFAULTS}.
 *
 * @param monitor  which loss to watch
 * @param patience checks without improvement before stopping
 * @param minDelta the least decrease that counts as an improvement
 */
@Schema(name = "JobSpecEarlyStopping", description = "Stop when the monitored loss has not improved (fallen below "
        + "best − minDelta) for `patience` checks; the result's stopReason is then EARLY_STOPPED.",
        example = "{\"monitor\":\"testLoss\",\"patience\":10,\"minDelta\":0.0001}")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EarlyStoppingSpec(
        @Schema(description = "`trainLoss`: every epoch's training loss (patience counts epochs); `testLoss`: "
                + "the test loss of each evaluation (patience counts evaluations, one every evaluateEvery "
                + "epochs). Default testLoss.", example = "testLoss", allowableValues = {"trainLoss", "testLoss"})
        Monitor monitor,
        @Schema(description = "Checks without improvement before stopping. Default 10.", example = "10",
                minimum = "1")
        @Positive Integer patience,
        @Schema(description = "The least decrease that counts as an improvement. Default 0.", example = "0.0001",
                minimum = "0")
        @PositiveOrZero Double minDelta) {

    EarlyStoppingSpec resolve() {
        Experiment.EarlyStopping d = Experiment.EarlyStopping.DEFAULTS;
        return new EarlyStoppingSpec(monitor != null ? monitor : Monitor.of(d.monitor()),
                patience != null ? patience : d.patience(), minDelta != null ? minDelta : d.minDelta());
    }

    Experiment.EarlyStopping engine() {
        return new Experiment.EarlyStopping(monitor.engine, patience, minDelta);
    }

    /** The loss early stopping watches, written as the history's column names. */
    public enum Monitor implements JsonEnum {
        TRAIN_LOSS("trainLoss", Experiment.EarlyStopping.Monitor.TRAIN_LOSS),
        TEST_LOSS("testLoss", Experiment.EarlyStopping.Monitor.TEST_LOSS);

        private final String json;
        private final Experiment.EarlyStopping.Monitor engine;

        Monitor(String json, Experiment.EarlyStopping.Monitor engine) {
            this.json = json;
            this.engine = engine;
        }

        @Override
        public String json() {
            return json;
        }

        static Monitor of(Experiment.EarlyStopping.Monitor engine) {
            for (Monitor monitor : values()) {
                if (monitor.engine == engine) {
                    return monitor;
                }
            }
            throw new IllegalArgumentException(String.valueOf(engine));
        }
    }
}
