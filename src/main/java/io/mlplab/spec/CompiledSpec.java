package io.mlplab.spec;

import io.mlplab.training.Experiment;

/**
 * A spec that may run: as the job echoes it (every default filled in) and as the engine trains it.
 *
 * @param spec       the spec with every default filled in
 * @param experiment the engine's experiment, every rule and limit checked
 */
public record CompiledSpec(JobSpec spec, Experiment experiment) {
}
