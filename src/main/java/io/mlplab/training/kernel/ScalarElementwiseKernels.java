package io.mlplab.training.kernel;

/**
 * {@link Math#exp}, {@link Math#tanh} and the ReLU element by element: the values of the training code's own
 * loops.
 */
final class ScalarElementwiseKernels implements ElementwiseKernels {

    static final ScalarElementwiseKernels INSTANCE = new ScalarElementwiseKernels();

    private ScalarElementwiseKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void sigmoid(double[] z, double[] out, int from, int to) {
        checkRange(z, out, from, to);
        for (int i = from; i < to; i++) {
            out[i] = 1 / (1 + Math.exp(-z[i]));
        }
    }

    @Override
    public void tanh(double[] z, double[] out, int from, int to) {
        checkRange(z, out, from, to);
        for (int i = from; i < to; i++) {
            out[i] = Math.tanh(z[i]);
        }
    }

    @Override
    public void relu(double[] z, double[] out, int from, int to) {
        checkRange(z, out, from, to);
        reluLoop(z, out, from, to);
    }

    @Override
    public void reluBackward(double[] z, double[] dA, double[] dZ, int from, int to) {
        checkRange(z, dA, from, to);
        checkRange(z, dZ, from, to);
        reluBackwardLoop(z, dA, dZ, from, to);
    }

    // the loops, also the vector kernels' tails
    static void reluLoop(double[] z, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(0.0, z[i]);
        }
    }

    static void reluBackwardLoop(double[] z, double[] dA, double[] dZ, int from, int to) {
        for (int i = from; i < to; i++) {
            dZ[i] = dA[i] * (z[i] > 0 ? 1.0 : 0.0);
        }
    }

    static void checkRange(double[] z, double[] out, int from, int to) {
        if (from < 0 || from > to || to > z.length || to > out.length) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of arrays of " + z.length + " and "
                    + out.length);
        }
    }
}
