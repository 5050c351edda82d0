package io.mlplab.data;

import org.ejml.data.DMatrixRMaj;

/**
 * Bit-exact reimplementation of numpy's legacy {@code numpy.random.RandomState} (MT19937), so
 * that experiments seeded here draw the same numbers as a Python notebook seeded with the same
 * integer.
 *
 * <p>Covered: seeding with an integer, {@code rand}, {@code randn}, {@code randint},
 * {@code permutation} and {@code shuffle} of a 1-D array. All integer-derived output
 * ({@code rand}, {@code randint}, {@code permutation}, {@code shuffle}) is bit-exact everywhere.
 *
 * <p>{@code randn} is bit-exact for all but about one value in 3,000: numpy takes the C library's
 * {@code log}, which is not correctly rounded (glibc's is one ulp off for about one polar-method
 * input in 1,300, and numpy's own output even differs between x86 CPUs with and without FMA).
 * This class uses a correctly rounded log instead, so its output is the same on every JVM and
 * differs from numpy's, where it does, by a few ulps (at most 3 in two million draws).
 *
 * <p>Not thread-safe: like {@code RandomState}, one instance is one stream.
 */
public final class NumpyRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] key = new int[N];
    private int pos;
    // legacy_gauss draws pairs and keeps the second one for the next call
    private boolean hasGauss;
    private double gauss;

    /**
     * Same state as {@code np.random.RandomState(seed)}. numpy seeds a plain integer with
     * Matsumoto–Nishimura {@code init_genrand} (not {@code init_by_array}); the tests check the
     * resulting streams against numpy's output.
     *
     * @param seed in [0, 2^32 - 1], the range numpy accepts
     * @throws IllegalArgumentException if the seed is outside that range
     */
    public NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** Next raw 32-bit output (unsigned, held in an int). */
    int nextInt32() {
        if (pos == N) {
            generate();
        }
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        return y ^ (y >>> 18);
    }

    /** Next raw 64-bit output: numpy glues two 32-bit outputs, the first one high. */
    long nextInt64() {
        long hi = Integer.toUnsignedLong(nextInt32());
        return hi << 32 | Integer.toUnsignedLong(nextInt32());
    }

    // the twist of all N words, in three loops by where i + 1 and i + M fall, so that no index wraps (a
    // remainder per word cost more than the twist); the same words as one loop over (i + 1) % N and (i + M) % N
    private void generate() {
        int[] mt = key;
        int i = 0;
        for (; i < N - M; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /** Uniform in [0, 1) with 53 random bits, same as {@code rand()}. */
    public double nextDouble() {
        int a = nextInt32() >>> 5;
        int b = nextInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * Standard normal, same as {@code randn()} (numpy's {@code legacy_gauss}, polar method), up to
     * the rounding of one log as explained above.
     */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * CorrectlyRoundedLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** Fills {@code m} in row-major order, same as {@code rand(rows, cols)}. */
    public void fillUniform(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = nextDouble();
        }
    }

    /** Fills {@code m} in row-major order, same as {@code randn(rows, cols)}. */
    public void fillGaussian(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = nextGaussian();
        }
    }

    /**
     * Uniform integer in [low, highExclusive), same as {@code randint(low, high)} with the
     * default int64 dtype.
     *
     * @throws IllegalArgumentException if the range is empty
     */
    public long nextInt(long low, long highExclusive) {
        if (low >= highExclusive) {
            throw new IllegalArgumentException("low >= high: " + low + " >= " + highExclusive);
        }
        // the span fits in an unsigned 64-bit value even when it overflows a long
        return low + interval(highExclusive - 1 - low);
    }

    /** Random permutation of 0..n-1, same as {@code permutation(n)}. */
    public int[] permutation(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    /** Shuffles {@code a} in place with the same draws as {@code shuffle} on a 1-D array. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Uniform in [0, max] (max read as unsigned), numpy's {@code random_interval}: rejection
     * sampling under the smallest all-ones mask, on 32-bit draws when max fits in 32 bits. The
     * masked variant (rather than Lemire's) is what legacy {@code RandomState} uses.
     */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(max);
        long value;
        if (Long.compareUnsigned(max, 0xffffffffL) <= 0) {
            do {
                value = Integer.toUnsignedLong(nextInt32()) & mask;
            } while (value > max);
        } else {
            do {
                value = nextInt64() & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }
}
