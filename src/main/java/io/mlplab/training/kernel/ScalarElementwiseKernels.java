package io.mlplab.training.kernel;

/** {@link Math#exp} and {@link Math#tanh} element by element: the values of the training code's own loops. */
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

    static void checkRange(double[] z, double[] out, int from, int to) {
        if (from < 0 || from > to || to > z.length || to > out.length) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of arrays of " + z.length + " and "
                    + out.length);
        }
    }
}
