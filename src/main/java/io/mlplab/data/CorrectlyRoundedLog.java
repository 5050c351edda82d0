package io.mlplab.data;

/**
 * Natural logarithm rounded to the nearest double, for {@link NumpyRandom#nextGaussian()}.
 *
 * <p>numpy's gaussians call the C library's {@code log}. On the polar method's inputs in (0, 1),
 * glibc's (about 0.52 ulp) is correctly rounded for all but roughly one input in 1,300, fdlibm's
 * ({@link StrictMath#log}) is one ulp off for about one in 14, and {@link Math#log} varies with
 * the JVM and CPU. Rounding correctly is therefore the closest platform-independent match.
 *
 * <p>Method. A fast path first (Ziv's strategy): {@code x = 2^k m} with {@code m} in [1, 2),
 * {@code m = c·(1 + r)} with {@code c} the centre of one of 128 intervals of [1, 2), so
 * {@code log x = k ln 2 + log c + log1p(r)}: {@code r} exact in two doubles (Dekker's product),
 * {@code log c} from a table in double-double, {@code log1p(r)} by its series to r¹⁰ (|r| ≤ 2⁻⁸), all
 * summed in double-double, to a relative error below 2⁻⁷⁰; the sum is returned when it rounds the same
 * way at both ends of a 2⁻⁶⁶ error bound. Otherwise (about one input in 8,000), and for x within 2⁻⁷ of 1,
 * where log x is small and the table's terms would cancel: {@code x = 2^k m} with {@code m} in
 * (sqrt(1/2), sqrt(2)], then {@code log m = 2 atanh(s)}, {@code s = (m - 1) / (m + 1)}, summed in
 * double-double arithmetic (about 100 good bits) and rounded once at the end, which is also how the
 * table is made. The fast path is about six times faster; a test checks that both give the same bits.
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

    /** The fast path's intervals of [1, 2): 2⁷, indexed by the top 7 bits of the mantissa. */
    private static final int TABLE_BITS = 7;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    /** 1/c per interval, c its centre (rounded: r is computed exactly against whatever double it is). */
    private static final double[] INV_C = new double[TABLE_SIZE];
    /** -log(INV_C[i]) = log of the exact 1/INV_C[i], as hi + lo. */
    private static final double[] LOG_C_HI = new double[TABLE_SIZE];
    private static final double[] LOG_C_LO = new double[TABLE_SIZE];
    /** 1/n for the series of log1p(r) from r³: 1/3, -1/4, 1/5, … -1/10. */
    private static final double P0 = 1.0 / 3;
    private static final double P1 = -1.0 / 4;
    private static final double P2 = 1.0 / 5;
    private static final double P3 = -1.0 / 6;
    private static final double P4 = 1.0 / 7;
    private static final double P5 = -1.0 / 8;
    private static final double P6 = 1.0 / 9;
    private static final double P7 = -1.0 / 10;
    /** The fast path's error bound, relative to its result (its analysis gives below 2⁻⁷⁰). */
    private static final double FAST_ERROR = 0x1p-66;
    /** Around 1, where log x is small, the accurate path takes every input. */
    private static final double NEAR_ONE_LOW = 1 - 0x1p-7;
    private static final double NEAR_ONE_HIGH = 1 + 0x1p-7;

    static {
        for (int n = 0; n < DD_TERMS; n++) {
            double q = 2 * n + 3;
            INV_HI[n] = 1.0 / q;
            INV_LO[n] = -Math.fma(INV_HI[n], q, -1.0) / q;
        }
        double[] dd = new double[2];
        for (int i = 0; i < TABLE_SIZE; i++) {
            INV_C[i] = 1.0 / (1.0 + (i + 0.5) / TABLE_SIZE);
            accurate(INV_C[i], dd);
            LOG_C_HI[i] = -dd[0];
            LOG_C_LO[i] = -dd[1];
        }
    }

    private CorrectlyRoundedLog() {
    }

    /** log(x) for positive, finite, normal x (the only inputs the polar method produces). */
    static double log(double x) {
        if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("log defined here for positive normal doubles only: " + x);
        }
        if (x >= NEAR_ONE_LOW && x <= NEAR_ONE_HIGH) {
            return accurate(x);
        }
        long bits = Double.doubleToRawLongBits(x);
        int k = (int) (bits >>> 52) - 1023;
        int i = (int) (bits >>> (52 - TABLE_BITS)) & (TABLE_SIZE - 1);
        double m = Double.longBitsToDouble((bits & 0x000f_ffff_ffff_ffffL) | 0x3ff0_0000_0000_0000L);
        double invC = INV_C[i];
        // r = m·invC - 1 exactly, as rHi + rLo: the product in two doubles, pHi - 1 exact (Sterbenz)
        double pHi = m * invC;
        double pLo = Math.fma(m, invC, -pHi);
        double d = pHi - 1.0;
        double rHi = d + pLo;
        double rLo = pLo - (rHi - d);           // |d| ≥ |pLo| unless d is 0
        // log1p(r) = r - r²/2 + r³ (1/3 - r/4 + … - r⁷/10), |r| ≤ 2⁻⁸: s = sHi + sLo
        double r2Hi = rHi * rHi;
        double r2Lo = Math.fma(rHi, rHi, -r2Hi) + 2 * rHi * rLo;
        double hHi = 0.5 * r2Hi;
        double sHi = rHi - hHi;
        double sLo = (rHi - sHi) - hHi;         // |hHi| ≤ 2⁻⁹ |rHi|
        double p = Math.fma(rHi, P7, P6);
        p = Math.fma(rHi, p, P5);
        p = Math.fma(rHi, p, P4);
        p = Math.fma(rHi, p, P3);
        p = Math.fma(rHi, p, P2);
        p = Math.fma(rHi, p, P1);
        p = Math.fma(rHi, p, P0);
        sLo += rLo - 0.5 * r2Lo + r2Hi * rHi * p;
        // k ln 2 + log c + s, in double-double
        double kHi = k * LN2_HI;
        double kLo = Math.fma(k, LN2_HI, -kHi) + k * LN2_LO;
        double uHi = kHi + LOG_C_HI[i];
        double uB = uHi - kHi;
        double uLo = (kHi - (uHi - uB)) + (LOG_C_HI[i] - uB);
        double vHi = uHi + sHi;
        double vB = vHi - uHi;
        double vLo = (uHi - (vHi - vB)) + (sHi - vB);
        double lo = uLo + vLo + kLo + LOG_C_LO[i] + sLo;
        double h = vHi + lo;
        double l = lo - (h - vHi);
        double e = FAST_ERROR * Math.abs(h);
        double up = h + (l + e);
        if (up == h + (l - e)) {
            return up;
        }
        return accurate(x);
    }

    /** The accurate path, for the rare inputs the fast one cannot round with certainty (and around 1). */
    static double accurate(double x) {
        double[] dd = new double[2];
        accurate(x, dd);
        return dd[0];
    }

    /** log(x) as an unevaluated sum {@code dd[0] + dd[1]}, |dd[1]| ≤ ulp(dd[0]) / 2, to about 100 bits. */
    private static void accurate(double x, double[] dd) {
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
        double hi = total[0] + total[1];
        dd[0] = hi;
        dd[1] = total[1] - (hi - total[0]);
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
