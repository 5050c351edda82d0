package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTests {

    @Test
    void theSeedsExperimentHasNoProblems() {
        assertThat(Experiments.fromSpec(Map.of()).problems(2)).isEmpty();
    }

    @Test
    void namesTheFieldOfEachProblem() {
        Experiment experiment = Experiments.fromSpec(Map.of(
                "model", Map.of("outputActivation", "sigmoid"),
                "training", Map.of("epochs", 10, "loss", "cross_entropy",
                        "schedule", Map.of("type", "warmup_cosine", "warmupEpochs", 10))));
        assertThat(experiment.problems(2)).extracting(Experiment.Problem::field)
                .containsExactly("model.outputActivation", "training.schedule.warmupEpochs");
        assertThat(experiment.problems(1)).extracting(Experiment.Problem::field)
                .containsExactly("training.loss", "training.schedule.warmupEpochs");
    }

    @Test
    void picksTheOutputActivationTheLossNeedsWhenNoneIsGiven() {
        assertThat(Experiments.fromSpec(Map.of("training", Map.of("loss", "cross_entropy"))).model().outputActivation())
                .isEqualTo(new Activation.Linear());
        assertThat(Experiments.fromSpec(Map.of("model", Map.of("activation", "relu"), "training", Map.of("loss", "bce")))
                .model().outputActivation()).isEqualTo(new Activation.Sigmoid());
        assertThat(Experiments.fromSpec(Map.of("model", Map.of("activation", "relu", "hiddenLayers", List.of(4))))
                .model().outputActivation()).isEqualTo(new Activation.Relu());
    }
}
