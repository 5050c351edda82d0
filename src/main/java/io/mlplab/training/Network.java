package io.mlplab.training;

import io.mlplab.data.NumpyRandom;
import io.mlplab.training.kernel.Compute;
import io.mlplab.training.layer.BatchNorm;
import io.mlplab.training.layer.Dropout;
import io.mlplab.training.layer.Layer;
import io.mlplab.training.layer.LayerNorm;
import io.mlplab.training.layer.Normalization;
import io.mlplab.training.layer.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The network as the list of its layers: the model's hidden stack in order, each linear or norm layer
 * fused with the activation right after it, residual blocks holding their own lists, then the output layer (linear to the outputs, then the output
 * activation). Forward runs the list front to back; backward runs it back to front, each layer writing
 * the gradient of its input into the previous layer's {@link Layer#dOutput()}.
 *
 * <p>Shapes, for a batch of {@code n} rows: {@code x (n, inputs)}, {@code output() (n, outputs)}.
 * Weight layer {@code l} (0 = the first linear layer, {@link #layers()}{@code - 1} = the output layer) has
 * {@code weight(l) (in, out)} and {@code bias(l) (1, out)}.
 */
public final class Network {

    private final Layer[] layers;
    private final LinearLayer[] weightLayers;
    private final DMatrixRMaj[] parameters;
    private final DMatrixRMaj[] gradients;
    private final int inputs;
    /** {@code inputs[i]} of the last forward pass: the input of {@code layers[i]}. */
    private final DMatrixRMaj[] inputOf;
    /** Linear layers, depth-first in list order, then the output layer (while building, then fixed). */
    private final List<LinearLayer> linear = new ArrayList<>();
    /** Norm layers, depth-first in list order. */
    private final List<Normalization> norms = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final int maxRows;
    private final Products products;
    private final NumpyRandom random;

    /**
     * @param model    the hidden stack and the output activation
     * @param inputs   features per row
     * @param outputs  output units
     * @param maxRows  the most rows any pass sees
     * @param products computes every matrix product of the passes
     * @param random   the job's stream, which dropout layers draw their masks from
     */
    Network(Experiment.Model model, int inputs, int outputs, int maxRows, Products products, NumpyRandom random) {
        this.inputs = inputs;
        this.maxRows = maxRows;
        this.products = products;
        this.random = random;
        List<Layer> stack = new ArrayList<>();
        int width = build(model.layers(), inputs, false, stack, "model.layers");
        LinearLayer output = new LinearLayer(width, outputs, model.outputActivation(), maxRows, true, false, products);
        stack.add(output);
        linear.add(output);
        layers = stack.toArray(new Layer[0]);
        inputOf = new DMatrixRMaj[layers.length];
        // where a linear layer writes dX straight into the dOutput of the linear layer below it (never adding to
        // it), it applies that layer's activation derivative to each block of dX as the block is finished
        for (int i = 1; i < layers.length; i++) {
            if (layers[i] instanceof LinearLayer above && layers[i - 1] instanceof LinearLayer below) {
                above.applyDerivativeOf(below);
            }
        }

        weightLayers = linear.toArray(new LinearLayer[0]);
        int count = 2 * weightLayers.length + 2 * norms.size();
        parameters = new DMatrixRMaj[count];
        gradients = new DMatrixRMaj[count];
        for (int l = 0; l < weightLayers.length; l++) {
            parameters[2 * l] = weightLayers[l].w;
            parameters[2 * l + 1] = weightLayers[l].b;
            gradients[2 * l] = weightLayers[l].dW;
            gradients[2 * l + 1] = weightLayers[l].db;
        }
        for (int k = 0; k < norms.size(); k++) {
            int i = 2 * weightLayers.length + 2 * k;
            parameters[i] = norms.get(k).gamma();
            parameters[i + 1] = norms.get(k).beta();
            gradients[i] = norms.get(k).dGamma();
            gradients[i + 1] = norms.get(k).dBeta();
        }
    }

    /**
     * Builds {@code specs} onto {@code out} from an input of {@code width} units, fusing each linear or
     * norm layer with the activation right after it; returns the width of the last. Linear layers and
     * norms are recorded depth-first, in list order, through residual blocks.
     *
     * @param accumulates whether the first layer built adds its input gradient to its upstream's (it is the
     *                    first of a residual block's inner list)
     */
    private int build(List<LayerSpec> specs, int width, boolean accumulates, List<Layer> out, String field) {
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            boolean first = accumulates && out.isEmpty();
            Activation next = new Activation.Linear();
            boolean fuses = !(spec instanceof LayerSpec.Activate) && !(spec instanceof LayerSpec.Dropout)
                    && !(spec instanceof LayerSpec.Residual)
                    && i + 1 < specs.size() && specs.get(i + 1) instanceof LayerSpec.Activate;
            if (fuses) {
                next = ((LayerSpec.Activate) specs.get(i + 1)).function();
            }
            if (spec instanceof LayerSpec.Linear l) {
                LinearLayer layer = new LinearLayer(width, l.units(), next, maxRows, false, first, products);
                out.add(layer);
                linear.add(layer);
                width = l.units();
            } else if (spec instanceof LayerSpec.Activate a) {
                out.add(new ActivationLayer(width, a.function(), maxRows, products.elementwise()));
            } else if (spec instanceof LayerSpec.LayerNorm n) {
                LayerNorm layer = new LayerNorm(width, n.eps(), next, maxRows, products.elementwise());
                out.add(layer);
                norms.add(layer);
            } else if (spec instanceof LayerSpec.BatchNorm n) {
                BatchNorm layer = new BatchNorm(width, n.momentum(), n.eps(), next, maxRows, products.elementwise());
                out.add(layer);
                norms.add(layer);
            } else if (spec instanceof LayerSpec.Dropout d) {
                Dropout layer = new Dropout(width, d.p(), maxRows, random);
                out.add(layer);
                dropouts.add(layer);
            } else if (spec instanceof LayerSpec.Residual r) {
                List<Layer> inner = new ArrayList<>();
                int innerWidth = build(r.layers(), width, true, inner, field + "[" + i + "].layers");
                if (innerWidth != width) {
                    throw new IllegalArgumentException(field + "[" + i + "].layers must keep the width: its "
                            + "input has " + width + " units, its output " + innerWidth);
                }
                out.add(new Residual(width, inner, maxRows));
            }
            if (fuses) {
                i++;
            }
        }
        return width;
    }

    /** Draws every weight matrix, first linear layer first, the output layer last; biases stay zero. */
    void initialize(Initializer initializer, NumpyRandom random) {
        for (LinearLayer layer : weightLayers) {
            layer.initialize(initializer, random);
        }
    }

    /** {@code output = layers(x)}; returns the output layer's activations {@code (n, outputs)}, live. */
    DMatrixRMaj forward(DMatrixRMaj x, boolean training) {
        DMatrixRMaj in = x;
        for (int i = 0; i < layers.length; i++) {
            layers[i].resize(x.numRows);
            inputOf[i] = in;
            in = layers[i].forward(in, training);
        }
        return in;
    }

    /**
     * Expects the loss's {@code dZ} in {@link #outputLayer()}'s {@code dZ}; fills every parameter gradient,
     * the output layer's first.
     */
    void backward() {
        for (int i = layers.length - 1; i >= 0; i--) {
            layers[i].backward(inputOf[i], i == 0 ? null : layers[i - 1].dOutput(), false);
        }
    }

    LinearLayer outputLayer() {
        return weightLayers[weightLayers.length - 1];
    }

    /** The output of the last forward pass {@code (n, outputs)}. */
    DMatrixRMaj output() {
        return outputLayer().a;
    }

    /** Weight layers, hidden and output. */
    public int layers() {
        return weightLayers.length;
    }

    LinearLayer weightLayer(int l) {
        return weightLayers[l];
    }

    /** Units of weight-layer boundary {@code i}: 0 is the input, {@link #layers()} the output. */
    public int size(int i) {
        return i == 0 ? inputs : weightLayers[i - 1].outputs();
    }

    /** {@code w[l] (in, out)}, live. */
    public DMatrixRMaj weight(int l) {
        return weightLayers[l].w;
    }

    /** {@code b[l] (1, out)}, live. */
    public DMatrixRMaj bias(int l) {
        return weightLayers[l].b;
    }

    /** Norm layers (layer and batch normalization), depth-first in list order. */
    List<Normalization> norms() {
        return norms;
    }

    /**
     * Whether a training pass and an evaluation pass compute the same outputs: no dropout layer and no batch
     * normalization (the only layers that tell the two apart).
     */
    boolean passesAgree() {
        return dropouts.isEmpty() && norms.stream().noneMatch(n -> n instanceof BatchNorm);
    }

    /** Tests only: makes dropout layers reuse their last masks, so a training pass is a function of the weights. */
    void freezeDropout(boolean frozen) {
        for (Dropout d : dropouts) {
            d.freeze(frozen);
        }
    }

    /**
     * {@code [w0, b0, w1, b1, …, γ0, β0, γ1, β1, …]}, live: every weight layer's (depth-first, the output
     * layer last), then every norm layer's (depth-first). Optimizers step each element on its own, so the
     * order changes nothing but the reading.
     */
    public DMatrixRMaj[] parameters() {
        return parameters;
    }

    /** {@code [dW0, db0, dW1, db1, …]} of the last backward pass, live, parallel to {@link #parameters()}. */
    DMatrixRMaj[] gradients() {
        return gradients;
    }

    /** The first weight layer, in forward order, whose {@code Z} or {@code A} holds a NaN or infinity. */
    int firstNonFiniteForwardLayer() {
        for (int l = 0; l < weightLayers.length; l++) {
            if (!allFinite(weightLayers[l].z) || !allFinite(weightLayers[l].a)) {
                return l;
            }
        }
        return weightLayers.length - 1;    // finite outputs, but the loss itself overflowed
    }

    /** The first weight layer, in backward (computation) order, whose gradients hold a NaN or infinity; or -1. */
    int firstNonFiniteGradientLayer() {
        for (int l = weightLayers.length - 1; l >= 0; l--) {
            if (!allFinite(weightLayers[l].dW) || !allFinite(weightLayers[l].db)) {
                return l;
            }
        }
        return -1;
    }

    private static boolean allFinite(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                return false;
            }
        }
        return true;
    }

    /** Every number the network computes with, live: the parameters, then each layer's buffers in order. */
    private List<DMatrixRMaj> state() {
        List<DMatrixRMaj> state = new ArrayList<>(List.of(parameters));
        for (Layer layer : layers) {
            state.addAll(layer.buffers());
        }
        return state;
    }

    /** A copy of this network's state, with what it takes to rebuild the network around it. */
    Snapshot snapshot(Experiment.Model model, Compute compute) {
        List<DMatrixRMaj> state = state();
        DMatrixRMaj[] copy = new DMatrixRMaj[state.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = state.get(i).copy();
        }
        return new Snapshot(model, inputs, outputLayer().outputs(), compute, copy);
    }

    /** {@code LeakyRelu} → {@code leaky_relu}: a type's name as the spec spells it. */
    static String snakeCase(String name) {
        return Layer.snakeCase(name);
    }

    /**
     * A trained network, kept: its shape and a copy of its state, independent of the trainer. Each call builds a
     * network of its own around the copy, so snapshots are safe to use from any number of threads at once.
     */
    public static final class Snapshot {
        private final Experiment.Model model;
        private final int inputs;
        private final int outputs;
        private final Compute compute;
        private final DMatrixRMaj[] state;

        private Snapshot(Experiment.Model model, int inputs, int outputs, Compute compute, DMatrixRMaj[] state) {
            this.model = model;
            this.inputs = inputs;
            this.outputs = outputs;
            this.compute = compute;
            this.state = state;
        }

        public int inputs() {
            return inputs;
        }

        public int outputs() {
            return outputs;
        }

        /** Weights, biases and buffers held. */
        public long numbers() {
            long count = 0;
            for (DMatrixRMaj m : state) {
                count += m.getNumElements();
            }
            return count;
        }

        /** The network's outputs {@code (n, outputs)} for {@code x (n, inputs)}: an evaluation pass, as the trainer's. */
        public DMatrixRMaj forward(DMatrixRMaj x) {
            if (x.numCols != inputs) {
                throw new IllegalArgumentException("the network takes " + inputs + " inputs, got " + x.numCols);
            }
            Network net = rebuild(Math.max(1, x.numRows));
            return net.forward(x, false).copy();
        }

        /**
         * The network as JSON-ready values: {@code layers}, each layer's entries in forward order
         * ({@link Layer#export}), and {@code output}, the output layer's one entry.
         */
        public Export export() {
            Network net = rebuild(1);
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < net.layers.length - 1; i++) {
                net.layers[i].export(entries);
            }
            return new Export(entries, net.outputLayer().outputEntry());
        }

        /**
         * A copy of the state the snapshot holds: the parameters, then every layer's buffers (batch norm's running
         * statistics), in the order {@link #restore} takes them back; each array one matrix, row by row.
         */
        public double[][] values() {
            double[][] values = new double[state.length][];
            for (int i = 0; i < state.length; i++) {
                values[i] = state[i].data.clone();
            }
            return values;
        }

        /**
         * A snapshot of the network that {@code model} describes, on {@code inputs} features and {@code outputs}
         * units, holding {@code values} as {@link #values} gave them: a kept network read back from storage. It
         * computes with {@code compute}'s kernels on the caller's thread only, as a trainer's snapshot does.
         *
         * @throws IllegalArgumentException if the values do not fit the network, matrix by matrix
         */
        public static Snapshot restore(Experiment.Model model, int inputs, int outputs, Compute compute,
                                       double[][] values) {
            Compute own = new Compute(compute.kernels(), compute.elementwise(), null);
            Network net = new Network(model, inputs, outputs, 1, new Products(own), new NumpyRandom(0));
            List<DMatrixRMaj> shapes = net.state();
            if (shapes.size() != values.length) {
                throw new IllegalArgumentException("the network holds " + shapes.size() + " matrices, got "
                        + values.length);
            }
            DMatrixRMaj[] state = new DMatrixRMaj[values.length];
            for (int i = 0; i < values.length; i++) {
                DMatrixRMaj shape = shapes.get(i);
                if (shape.getNumElements() != values[i].length) {
                    throw new IllegalArgumentException("matrix " + i + " holds " + shape.getNumElements()
                            + " numbers, got " + values[i].length);
                }
                state[i] = new DMatrixRMaj(shape.numRows, shape.numCols, true, values[i]);
            }
            return new Snapshot(model, inputs, outputs, own, state);
        }

        private Network rebuild(int rows) {
            // an evaluation pass draws nothing: the stream is there for the dropout layers' shape only
            Network net = new Network(model, inputs, outputs, rows, new Products(compute), new NumpyRandom(0));
            List<DMatrixRMaj> target = net.state();
            for (int i = 0; i < state.length; i++) {
                target.get(i).setTo(state[i]);
            }
            return net;
        }
    }

    /**
     * A network as values.
     *
     * @param layers the hidden stack's entries in forward order
     * @param output the output layer: {@code linear} with its {@code activation}
     */
    public record Export(List<Map<String, Object>> layers, Map<String, Object> output) {
    }
}
