package io.mlplab.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A resolved spec in one line, for job listings: the network, the optimizer and its learning rate, the
 * loss and the epochs, then only what differs from the seed study (initialization, schedule, mini-batches,
 * the data's kind, the seed), e.g. {@code relu [16,32,16] · sgd 0.1 · mse · 1000 epochs}. Every choice is
 * named as JSON names it, so a new option needs nothing here.
 */
public final class SpecSummary {

    private static final String SEPARATOR = " · ";

    private SpecSummary() {
    }

    /** The line for a spec with every default filled in (as a job echoes it). */
    public static String of(JobSpec spec) {
        List<String> parts = new ArrayList<>();
        parts.add(model(spec.model()));
        if (!(spec.model().init() instanceof InitSpec.Uniform)) {
            parts.add(typeName(spec.model().init(), InitSpec.class) + " init");
        }
        TrainingSpec training = spec.training();
        parts.add(typeName(training.optimizer(), OptimizerSpec.class) + " " + number(training.optimizer().learningRate()));
        if (training.schedule() != null && !(training.schedule() instanceof ScheduleSpec.Constant)) {
            parts.add(typeName(training.schedule(), ScheduleSpec.class) + " schedule");
        }
        parts.add(training.loss().json());
        if (training.batchSize() != null) {
            parts.add("batch " + training.batchSize());
        }
        parts.add(training.epochs() + " epochs");
        if (!(spec.data() instanceof DataSpec.Blobs)) {
            parts.add(typeName(spec.data(), DataSpec.class));
        }
        if (!Objects.equals(spec.seed(), JobSpec.SEED)) {
            parts.add("seed " + spec.seed());
        }
        return String.join(SEPARATOR, parts);
    }

    /** {@code relu [16,32,16]}, {@code [linear 16, tanh, linear 8] → sigmoid}; the output only if it differs. */
    private static String model(ModelSpec model) {
        String hidden;
        String last;
        if (model.layers() == null) {
            last = model.activation().json();
            hidden = last + " " + model.hiddenLayers().toString().replace(" ", "");
        } else {
            List<String> entries = new ArrayList<>();
            last = ModelSpec.SEED.activation().json();
            for (LayerSpec layer : model.layers()) {
                if (layer instanceof LayerSpec.Linear linear) {
                    entries.add("linear " + linear.units());
                } else if (layer instanceof LayerSpec.Activate activate) {
                    last = activate.function().json();
                    entries.add(last);
                } else {
                    entries.add(typeName(layer, LayerSpec.class));
                }
            }
            hidden = "[" + String.join(", ", entries) + "]";
        }
        String output = model.outputActivation().json();
        return output.equals(last) ? hidden : hidden + " → " + output;
    }

    /** The JSON name of a choice, as its family's {@link JsonSubTypes} lists it. */
    static String typeName(Object choice, Class<?> family) {
        for (JsonSubTypes.Type type : family.getAnnotation(JsonSubTypes.class).value()) {
            if (type.value() == choice.getClass()) {
                return type.name();
            }
        }
        return choice.getClass().getSimpleName();
    }

    /** {@code 0.1}, {@code 0.001}, {@code 1e-05}: as short as it reads. */
    private static String number(Double value) {
        String plain = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.length() <= 8 ? plain : String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
