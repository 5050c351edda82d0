package io.mlplab.training.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sigmoid on an exp of our own and the ReLU's gradient, a vector of doubles at a time
 * ({@link VectorShape}); tanh and the ReLU as the scalar kernels. Loaded only by name through {@link KernelSelection}. An element's value never depends on where a
 * range boundary falls, nor on the vector width: tails go through the same lanes, and each lane computes its
 * element alone.
 */
final class VectorElementwiseKernels implements ElementwiseKernels {

    private static final VectorSpecies<Double> S = VectorShape.DOUBLES;

    /** Doubles per vector: 8 with AVX-512, 4 with AVX2. */
    private static final int L = S.length();

    VectorElementwiseKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    /**
     * {@code 1 / (1 + exp(-z))} with an exp of our own, since {@code VectorOperators.EXP}'s values change
     * with the JIT tier (SVML once C2 compiles it, {@link Math#exp} lane by lane before), which would make a
     * run irreproducible; this one uses exactly rounded operations only: {@code exp(x) = 2^k · p(r)} with {@code k = round(x / ln 2)},
     * {@code r = x − k·ln 2} in two parts (Cody–Waite, |r| ≤ ln 2 / 2) and {@code p} the degree-13 Taylor
     * polynomial of {@code e^r} by Horner's rule in FMAs (its truncation error is below 1e-17 relative), then
     * {@code 2^k} as two powers of two built in the exponent bits, so that every k from subnormal results to
     * overflow stays representable. Within 1 ulp of {@code StrictMath.exp} on normal results (the tests
     * sweep every magnitude); NaN stays NaN, and large |z| give 0 and 1 as {@link Math#exp} does. The whole
     * computation sits in the loop body: a helper method returning a vector would not be inlined at this
     * size, and each call would box its vectors. A tail shorter than a vector goes through the same lanes
     * in a padded block, so an element's value never depends on where a range boundary falls.
     */
    @Override
    public void sigmoid(double[] z, double[] out, int from, int to) {
        ScalarElementwiseKernels.checkRange(z, out, from, to);
        int whole = from + (to - from) / L * L;
        sigmoidVectors(z, out, from, whole);
        if (whole < to) {
            // the tail in a padded block of its own, through the same lanes: masked loads and stores would
            // allocate on AVX2 in JDK 17
            double[] tail = TAIL.get();
            System.arraycopy(z, whole, tail, 0, to - whole);
            sigmoidVectors(tail, tail, 0, L);
            System.arraycopy(tail, 0, out, whole, to - whole);
        }
    }

    /** A vector of doubles per turn of {@code [from, to)}, whose length is a multiple of the vector's. */
    private static void sigmoidVectors(double[] z, double[] out, int from, int to) {
        for (int i = from; i < to; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, i).neg().max(LOWEST).min(HIGHEST);
            DoubleVector t = x.fma(LOG2E, SHIFTER);
            DoubleVector k = t.sub(SHIFTER);
            DoubleVector r = k.fma(MINUS_LN2_HI, x);
            r = k.fma(MINUS_LN2_LO, r);
            DoubleVector p = C13;
            p = p.fma(r, C12);
            p = p.fma(r, C11);
            p = p.fma(r, C10);
            p = p.fma(r, C9);
            p = p.fma(r, C8);
            p = p.fma(r, C7);
            p = p.fma(r, C6);
            p = p.fma(r, C5);
            p = p.fma(r, C4);
            p = p.fma(r, C3);
            p = p.fma(r, C2);
            p = p.fma(r, C1);
            p = p.fma(r, C0);
            // 2^k = 2^k1 · 2^k2 with k1 = round(k / 2): both halves are normal for every k the clamp lets through
            // (the halves are rounded in double: AVX2 has no 64-bit arithmetic shift)
            DoubleVector t1 = k.fma(HALF, SHIFTER);
            DoubleVector t2 = k.sub(t1.sub(SHIFTER)).add(SHIFTER);
            DoubleVector s1 = t1.reinterpretAsLongs().add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector s2 = t2.reinterpretAsLongs().add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();
            DoubleVector e = p.mul(s1).mul(s2);
            ONE.div(ONE.add(e)).intoArray(out, i);
        }
    }

    /**
     * The scalar kernels' loop: C2 vectorizes {@code Math.max(0.0, z[i])} by itself, and that measured faster
     * than the Vector API's MAX (12 against 10 G/s on 6,400 elements, the same on 4 million).
     */
    @Override
    public void relu(double[] z, double[] out, int from, int to) {
        ScalarElementwiseKernels.checkRange(z, out, from, to);
        ScalarElementwiseKernels.reluLoop(z, out, from, to);
    }

    /** {@code dA · (z > 0 ? 1 : 0)} lane by lane, the factor a blend of 0 and 1 on the comparison. */
    @Override
    public void reluBackward(double[] z, double[] dA, double[] dZ, int from, int to) {
        ScalarElementwiseKernels.checkRange(z, dA, from, to);
        ScalarElementwiseKernels.checkRange(z, dZ, from, to);
        int whole = from + (to - from) / L * L;
        for (int i = from; i < whole; i += L) {
            VectorMask<Double> positive = DoubleVector.fromArray(S, z, i).compare(VectorOperators.GT, ZERO);
            DoubleVector.fromArray(S, dA, i).mul(ZERO.blend(ONE, positive)).intoArray(dZ, i);
        }
        ScalarElementwiseKernels.reluBackwardLoop(z, dA, dZ, whole, to);
    }

    /** Per thread: the kernels are shared, and a tail needs a block of one vector to go through the vector lanes. */
    private static final ThreadLocal<double[]> TAIL = ThreadLocal.withInitial(() -> new double[L]);
    private static final DoubleVector ZERO = DoubleVector.broadcast(S, 0.0);
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector HALF = DoubleVector.broadcast(S, 0.5);
    /** Below this exp(x) is 0 and above it infinite; the clamp keeps k within the two halves' range. */
    private static final DoubleVector LOWEST = DoubleVector.broadcast(S, -746.0);
    private static final DoubleVector HIGHEST = DoubleVector.broadcast(S, 710.0);
    private static final DoubleVector LOG2E = DoubleVector.broadcast(S, 1.4426950408889634);
    /** ln 2 = LN2_HI + LN2_LO, the high part with trailing zero bits so that k·LN2_HI is exact. */
    private static final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(S, -0x1.62e42feep-1);
    private static final DoubleVector MINUS_LN2_LO = DoubleVector.broadcast(S, -1.90821492927058770002e-10);
    /** 1.5·2^52: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final double SHIFTER_VALUE = 0x1.8p52;
    private static final DoubleVector SHIFTER = DoubleVector.broadcast(S, SHIFTER_VALUE);
    private static final LongVector EXPONENT_BIAS = LongVector.broadcast(VectorShape.LONGS,
            1023L - Double.doubleToRawLongBits(SHIFTER_VALUE));
    /** 1 / i!, the Taylor coefficients of e^r. */
    private static final DoubleVector C0 = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector C1 = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector C2 = DoubleVector.broadcast(S, 0.5);
    private static final DoubleVector C3 = DoubleVector.broadcast(S, 0.16666666666666666);
    private static final DoubleVector C4 = DoubleVector.broadcast(S, 0.041666666666666664);
    private static final DoubleVector C5 = DoubleVector.broadcast(S, 0.008333333333333333);
    private static final DoubleVector C6 = DoubleVector.broadcast(S, 0.001388888888888889);
    private static final DoubleVector C7 = DoubleVector.broadcast(S, 0.0001984126984126984);
    private static final DoubleVector C8 = DoubleVector.broadcast(S, 2.48015873015873e-05);
    private static final DoubleVector C9 = DoubleVector.broadcast(S, 2.7557319223985893e-06);
    private static final DoubleVector C10 = DoubleVector.broadcast(S, 2.755731922398589e-07);
    private static final DoubleVector C11 = DoubleVector.broadcast(S, 2.505210838544172e-08);
    private static final DoubleVector C12 = DoubleVector.broadcast(S, 2.08767569878681e-09);
    private static final DoubleVector C13 = DoubleVector.broadcast(S, 1.6059043836821613e-10);

    /**
     * {@link Math#tanh}, as the scalar kernels: {@code VectorOperators.TANH} (SVML) measured slower here
     * (0.75-0.9×), and its values change when C2 compiles it (0 ulp before, 2 after), so a run would not
     * reproduce bit for bit.
     */
    @Override
    public void tanh(double[] z, double[] out, int from, int to) {
        ScalarElementwiseKernels.INSTANCE.tanh(z, out, from, to);
    }
}
