package io.mlplab.data;

/**
 * Natural logarithm rounded to the nearest double, for {@link NumpyRandom#nextGaussian()}.
 *
 * <p>numpy's gaussians call the C library's {@code log}. On the polar method's inputs in (0, 1),
 * glibc's (about 0.52 ulp) is correctly rounded for all but roughly one input in 1,300, fdlibm's
 * ({@link StrictMath#log}) is one ulp off for about one in 14, and {@link Math#log} varies with
 * the JVM and CPU. Rounding correctly is therefore the closest platform-independent match.
 *
 * <p>Method: {@code x = 2^k m} with {@code m} in (sqrt(1/2), sqrt(2)], then
 * {@code log m = 2 atanh(s)}, {@code s = (m - 1) / (m + 1)}, summed in double-double
 * arithmetic (about 100 good bits) and rounded once at the end.
 */
final class CorrectlyRoundedLog {

    // ln 2 as an unevaluated sum hi + lo
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    // P(t) = sum 1/(2n+3) t^n; |t| <= 0.0295, so terms from n = 8 on are below 2^-40 of the
    // leading one and plain doubles are accurate enough for them; n = 19 is the last one needed
    private static final int DD_TERMS = 8;
    private static final int TERMS = 20;
    private static final double[] INV_HI = new double[DD_TERMS];
    private static final double[] INV_LO = new double[DD_TERMS];

    static {
        for (int n = 0; n < DD_TERMS; n++) {
            double q = 2 * n + 3;
            INV_HI[n] = 1.0 / q;
            INV_LO[n] = -Math.fma(INV_HI[n], q, -1.0) / q;
        }
    }

    private CorrectlyRoundedLog() {
    }

    /** log(x) for positive, finite, normal x (the only inputs the polar method produces). */
    static double log(double x) {
        if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("log defined here for positive normal doubles only: " + x);
        }
        int k = Math.getExponent(x);
        double m = Math.scalb(x, -k);
        if (m > Math.sqrt(2)) {
            m *= 0.5;
            k++;
        }
        // s = (m - 1) / (m + 1); m - 1 is exact, m + 1 may round
        double num = m - 1.0;
        double denHi = m + 1.0;
        double denLo = m - (denHi - 1.0);
        double sHi = num / denHi;
        double sLo = (Math.fma(-sHi, denHi, num) - sHi * denLo) / denHi;
        // t = s^2
        double tHi = sHi * sHi;
        double tLo = Math.fma(sHi, sHi, -tHi) + 2 * sHi * sLo;

        double tail = 0;
        for (int n = TERMS - 1; n >= DD_TERMS; n--) {
            tail = tail * tHi + 1.0 / (2 * n + 3);
        }
        // Horner in double-double: p = inv[n] + t * p
        double pHi = tail;
        double pLo = 0;
        for (int n = DD_TERMS - 1; n >= 0; n--) {
            double mHi = pHi * tHi;
            double mLo = Math.fma(pHi, tHi, -mHi) + (pHi * tLo + pLo * tHi);
            double[] p = twoSum(INV_HI[n], mHi, mLo + INV_LO[n]);
            pHi = p[0];
            pLo = p[1];
        }
        // log m = 2s + 2s * t * p
        double twoSHi = 2 * sHi;
        double twoSLo = 2 * sLo;
        double qHi = tHi * pHi;
        double qLo = Math.fma(tHi, pHi, -qHi) + (tHi * pLo + tLo * pHi);
        double rHi = twoSHi * qHi;
        double rLo = Math.fma(twoSHi, qHi, -rHi) + (twoSHi * qLo + twoSLo * qHi);
        double[] logM = twoSum(twoSHi, rHi, twoSLo + rLo);
        // k ln 2, then the final sum, rounded once
        double kHi = k * LN2_HI;
        double kLo = Math.fma(k, LN2_HI, -kHi) + k * LN2_LO;
        double[] total = twoSum(kHi, logM[0], kLo + logM[1]);
        return total[0] + total[1];
    }

    /** a + b + c as a normalized double-double, exact in a + b, c assumed small. */
    private static double[] twoSum(double a, double b, double c) {
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb) + c;
        double hi = s + err;
        return new double[] {hi, err - (hi - s)};
    }
}
