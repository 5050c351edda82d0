package io.mlplab.training;

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
 */
interface Layer {

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
        entries.add(Map.of("type", Network.snakeCase(getClass().getSimpleName().replace("Layer", ""))));
    }

    /**
     * What this layer computes with besides its {@linkplain Network#parameters() parameters} (a normalization's
     * running statistics), live: copied with the parameters when the trained network is kept. None by default.
     */
    default List<DMatrixRMaj> buffers() {
        return List.of();
    }
}
