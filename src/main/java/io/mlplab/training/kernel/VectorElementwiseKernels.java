package io.mlplab.training.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code VectorOperators.EXP} and {@code TANH} (compiled by C2: HotSpot's SVML stubs; before that, the
 * Java fallback, {@code Math.exp} / {@code Math.tanh} lane by lane), 4 doubles at a time. Loaded only by
 * name through {@link KernelSelection}. The last {@code (to - from) % 4} elements go through the same vector
 * operator one lane at a time rather than through {@code Math.exp}, so that once compiled an element's value
 * does not depend on where a range boundary falls.
 */
final class VectorElementwiseKernels implements ElementwiseKernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    VectorElementwiseKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void sigmoid(double[] z, double[] out, int from, int to) {
        ScalarElementwiseKernels.checkRange(z, out, from, to);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            DoubleVector e = DoubleVector.fromArray(S, z, i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(out, i);
        }
        for (; i < to; i++) {
            double e = DoubleVector.broadcast(S, -z[i]).lanewise(VectorOperators.EXP).lane(0);
            out[i] = 1 / (1 + e);
        }
    }

    @Override
    public void tanh(double[] z, double[] out, int from, int to) {
        ScalarElementwiseKernels.checkRange(z, out, from, to);
        int i = from;
        for (; i + 4 <= to; i += 4) {
            DoubleVector.fromArray(S, z, i).lanewise(VectorOperators.TANH).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = DoubleVector.broadcast(S, z[i]).lanewise(VectorOperators.TANH).lane(0);
        }
    }
}
