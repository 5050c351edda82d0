package io.mlplab.spec;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * A training experiment as clients write it. Every field is optional: an absent (or {@code null}) field
 * takes the seed study's value, so {@code {}} is the seed's experiment and each field changes one thing.
 * {@link SpecCompiler} resolves it once ({@link #resolve()}), and the job echoes the result.
 *
 * <p>The annotations check what is wrong whatever the server's configuration (a negative width); the
 * compiler checks the rules between fields, the engine's rules and the configured limits.
 *
 * @param name        free text for people, not interpreted
 * @param seed        seeds the random stream that draws the data and then the weights, and the split
 * @param data        the dataset
 * @param model       the network
 * @param training    the training loop
 * @param diagnostics per-layer gradient diagnostics and the run's summary
 */
@Schema(description = "A training experiment. Every field is optional; an absent field takes the seed "
        + "study's value, so `{}` is the seed's experiment.",
        example = "{\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\"}}")
public record JobSpec(
        @Schema(description = "Free text for people, not interpreted.", example = "relu-3-hidden",
                nullable = true, maxLength = 200)
        @Size(max = 200) String name,
        @Schema(description = "Seeds the random stream that draws the data and then the weights (layer by "
                + "layer), and the train/test split, as numpy.random.seed and random_state do.",
                example = "42", minimum = "0", maximum = "4294967295")
        @Min(0) @Max(4294967295L) Long seed,
        @Schema(description = "The dataset.") @Valid DataSpec data,
        @Schema(description = "The network.") @Valid ModelSpec model,
        @Schema(description = "The training loop.") @Valid TrainingSpec training,
        @Schema(description = "Per-layer gradient diagnostics, recorded in the history's `layers` and summarized "
                + "in the result.") @Valid DiagnosticsSpec diagnostics) {

    /** The seed study's seed. */
    public static final long SEED = 42L;

    /** The empty spec, {@code {}}: the seed's experiment. */
    public static final JobSpec EMPTY = new JobSpec(null, null, null, null, null, null);

    /**
     * This spec with every absent field taken from the seed, or from the engine's default of the option
     * chosen; {@code outputActivation} from the loss and the hidden activation. Fields that do not apply to
     * the choice made stay null.
     */
    JobSpec resolve() {
        TrainingSpec t = (training != null ? training : TrainingSpec.SEED).resolve();
        return new JobSpec(name, seed != null ? seed : SEED,
                (data != null ? data : DataSpec.Blobs.SEED).resolve(),
                (model != null ? model : ModelSpec.SEED).resolve(t.loss()),
                t,
                (diagnostics != null ? diagnostics : new DiagnosticsSpec(null, null, null, null, null, null)).resolve());
    }

    /** Weight layers of a resolved spec's network: the hidden linear layers and the output layer. */
    int weightLayers() {
        int count = 1;
        for (LayerSpec layer : model.stack()) {
            if (layer instanceof LayerSpec.Linear) {
                count++;
            }
        }
        return count;
    }
}
