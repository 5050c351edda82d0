package io.mlplab.training.layer;

import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * One step of the network, its forward pass and the chain rule through it side by side. A layer owns its
 * parameters, their gradients and its scratch, all allocated once in its constructor for the most rows
 * any pass sees and reshaped (never reallocated) for smaller batches.
 *
 * <p>Shapes, for a batch of {@code n} rows: {@code x (n, inputs)}, the output {@code (n, outputs)}, and
 * {@link #dOutput()} {@code (n, outputs)}, where the layer after this one (or the loss) writes the
 * gradient of the loss with respect to this layer's output.
 *
 * <p>Gradients follow one convention through the whole network: {@link #dOutput()} and {@code dX} hold
 * the gradient of the <em>summed</em> loss over the batch's rows (the loss writes one row per sample),
 * and a layer's parameter gradients are those of the <em>mean</em> loss, the row sums divided by
 * {@code n}.
 *
 * <p>A layer remembers whether its last forward pass was a training pass; {@link #backward} follows it
 * (a batch-normalization layer differentiates through the batch's statistics after a training pass and
 * through its running statistics after an evaluation pass).
 */
public interface Layer {

    int inputs();

    int outputs();

    /** Shapes the scratch for a batch of {@code rows}; no allocation while rows ≤ the maximum. */
    void resize(int rows);

    /**
     * The layer's output for {@code x}, in the layer's own matrix (live until the next forward pass).
     * {@code training} tells a training pass from an evaluation pass (layers such as dropout and batch
     * normalization behave differently in the two).
     */
    DMatrixRMaj forward(DMatrixRMaj x, boolean training);

    /** {@code (n, outputs)}: the gradient of the loss with respect to the output, written by the next layer. */
    DMatrixRMaj dOutput();

    /**
     * From {@link #dOutput()} and the {@code x} of the last forward pass: this layer's parameter gradients,
     * and {@code dX = ∂loss/∂x} into {@code dX}, added to what it holds when {@code accumulate} is set (a
     * skip connection sums the gradients of its two paths), or nothing when {@code dX} is null (the first
     * layer). May overwrite {@link #dOutput()}.
     */
    void backward(DMatrixRMaj x, DMatrixRMaj dX, boolean accumulate);

    /**
     * Adds this layer's entries to a model's export ({@code GET /api/v1/jobs/{id}/model}), in forward order: each
     * an ordered map with its {@code "type"} first, then what a numpy user needs to compute the layer (numbers,
     * {@code double[]} vectors, {@code double[][]} matrices as rows, nested lists of entries). The default names the
     * kind only; a kind with parameters writes them.
     */
    default void export(List<Map<String, Object>> entries) {
        entries.add(Map.of("type", snakeCase(getClass().getSimpleName().replace("Layer", ""))));
    }

    /** {@code LeakyRelu} → {@code leaky_relu}: a type's name as the spec spells it. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code {"type": "activation", "function": "leaky_relu", "negativeSlope": 0.01}}: the function as the spec
     * names it, then its parameters (the components of its record) by name.
     */
    static Map<String, Object> activationEntry(io.mlplab.training.Activation f) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("type", "activation");
        entry.put("function", snakeCase(f.getClass().getSimpleName()));
        if (f.getClass().isRecord()) {
            for (java.lang.reflect.RecordComponent component : f.getClass().getRecordComponents()) {
                try {
                    entry.put(component.getName(), component.getAccessor().invoke(f));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
        }
        return entry;
    }

    /** A {@code (1, width)} matrix as a vector. */
    static double[] row(DMatrixRMaj m) {
        return java.util.Arrays.copyOf(m.data, m.getNumElements());
    }

    /**
     * What this layer computes with besides its {@linkplain Network#parameters() parameters} (a normalization's
     * running statistics), live: copied with the parameters when the trained network is kept. None by default.
     */
    default List<DMatrixRMaj> buffers() {
        return List.of();
    }
}
