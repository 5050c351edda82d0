package io.mlplab.training.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;

/**
 * Vector API kernels ({@code jdk.incubator.vector}, 256-bit vectors of 4 doubles, AVX2). Loaded only by
 * name through {@link KernelSelection}. Each lane runs the same FMA chain as {@link ScalarMatrixKernels}, and
 * the tails that do not fill a vector call the scalar kernel's own loops, so results are bit-identical.
 *
 * <p>Tiling: a·b and aᵀ·b take 6 rows × 8 columns (2 vectors) of c per tile: 12 vector accumulators, 2
 * vectors of b and 1 broadcast of a per step, 15 of the 16 AVX2 registers, so C2 keeps everything in
 * registers; each vector load of b feeds 6 FMAs and each broadcast of a 2, and 12 independent chains cover
 * the FMA latency of both FMA units (measured 15-25% faster here than 4 × 8, which now takes the 4 or 5
 * leftover rows).
 *
 * <p>Packing (GEBP, as Goto/BLIS), for the wide layers ({@code PACK_MIN_*}): per reduction block of up to 256
 * steps ({@link Packing#steps}), b's block is copied once into 8-column panels, each contiguous along p;
 * then per block of {@link Packing#ROWS} rows of c, their 6-row slivers of a (rows of a for a·b, columns
 * for aᵀ·b) are copied contiguous along p, and each panel of b (16 KiB, in L1) sweeps over them (in L2).
 * The tiles then read only contiguous memory with constant strides (no 4 KiB-strided rows of b aliasing in
 * L1), and c's tiles go back to memory once per 256 steps. Packing moves operands, never the order of a
 * sum: each element is still one chain over p from 0. The scratch is per thread ({@link Packing}). Narrow
 * layers, the leftover rows (< 6) and columns (< 8) run unpacked, with {@link Blocking} over p to keep b's
 * rows cached (without it aᵀ·b falls to 3 GFLOP/s on the large layers). a·bᵀ runs along p, where both rows are
 * contiguous, as 3 rows of a × 4 rows of b: 12 accumulators of 4 lanes each, reduced once per dot product.
 */
final class VectorMatrixKernels implements MatrixKernels {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    /** Where the first reduction block's accumulators are loaded from: 8 zeros, two vectors' worth. */
    private static final double[] ZEROS = new double[8];

    VectorMatrixKernels() {
        if (S.length() != 4) {
            throw new IllegalStateException("expected 4 doubles per 256-bit vector, got " + S.length());
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd) {
        Shapes.checkMultiply(a, b, bias, c, rowStart, rowEnd);
        if (b.numCols >= PACK_MIN_COLUMNS_MULTIPLY && (long) a.numCols * b.numCols >= PACK_MIN_B && rowEnd - rowStart >= 6) {
            multiplyPacked(a, b, bias, c, rowStart, rowEnd);
            return;
        }
        // a (n, k), b (k, m), bias (1, m) or null, c (n, m)
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int steps = Blocking.reductionSteps(m);
        int p0 = 0;
        do {
            int p1 = Math.min(k, p0 + steps);
            boolean first = p0 == 0;
            double[] biasd = p1 == k && bias != null ? bias.data : null;   // added once the sums are complete
            int i = rowStart;
            for (; i + 6 <= rowEnd; i += 6) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    multiply6x8(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 6; r++) {
                        multiply1x4(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 6; r++) {
                        ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
            }
            for (; i + 4 <= rowEnd; i += 4) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    multiply4x8(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 4; r++) {
                        multiply1x4(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 4; r++) {
                        ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
            }
            for (; i < rowEnd; i++) {
                int j = 0;
                for (; j + 4 <= m; j += 4) {
                    multiply1x4(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j < m; j++) {
                    ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
            }
            p0 = p1;
        } while (p0 < k);
    }

    // the packed form of the product above (GEBP), for the wide layers
    private static void multiplyPacked(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd) {
        // a (n, k), b (k, m), bias (1, m) or null, c (n, m)
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int m8 = m & ~7;
        boolean packed = true;
        int steps = packed ? Packing.steps(m8) : Blocking.reductionSteps(m);
        int kcMax = Math.min(k, steps);
        double[] bp = packed ? Packing.buffer(kcMax * m8 + Math.min(Packing.ROWS, rowEnd - rowStart) * kcMax) : null;
        int r6 = rowStart + (rowEnd - rowStart) / 6 * 6;
        int apOffset = kcMax * m8;          // the packed 6 rows of a follow the packed panels of b
        int p0 = 0;
        do {
            int p1 = Math.min(k, p0 + steps);
            boolean first = p0 == 0;
            double[] biasd = p1 == k && bias != null ? bias.data : null;   // added once the sums are complete
            if (packed) {
                packB(bd, bp, m, m8, p0, p1);
            }
            if (packed) {
                // rows in blocks of Packing.ROWS: their packed rows of a stay in L2 while each panel of b,
                // in L1, passes over them
                int kc = p1 - p0;
                for (int ic = rowStart; ic < r6; ic += Packing.ROWS) {
                    int ie = Math.min(r6, ic + Packing.ROWS);
                    for (int s = ic; s < ie; s += 6) {
                        packRows6(ad, bp, apOffset + (s - ic) * kc, k, s, p0, p1);
                    }
                    for (int j = 0; j < m8; j += 8) {
                        for (int s = ic; s < ie; s += 6) {
                            tile6x8Packed(bp, apOffset + (s - ic) * kc, j * kc, cd, m, s * m + j, kc, first, biasd, j);
                        }
                    }
                }
            }
            int i = rowStart;
            for (; i + 6 <= rowEnd; i += 6) {
                int j = packed ? m8 : 0;
                for (; j + 8 <= m; j += 8) {
                    multiply6x8(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 6; r++) {
                        multiply1x4(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 6; r++) {
                        ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
            }
            for (; i + 4 <= rowEnd; i += 4) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    multiply4x8(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 4; r++) {
                        multiply1x4(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 4; r++) {
                        ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i + r, j, p0, p1, first);
                    }
                }
            }
            for (; i < rowEnd; i++) {
                int j = 0;
                for (; j + 4 <= m; j += 4) {
                    multiply1x4(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
                for (; j < m; j++) {
                    ScalarMatrixKernels.multiply1x1(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                }
            }
            p0 = p1;
        } while (p0 < k);
    }


    /**
     * a·b runs packed from 16 columns of c and a b of 8192 doubles (64 KiB) up: a smaller b stays in L1 as it
     * lies, and the study's small layers (m ≤ 32, k ≤ 32) measured no faster packed.
     */
    private static final int PACK_MIN_COLUMNS_MULTIPLY = 16;

    private static final long PACK_MIN_B = 8192;

    /** aᵀ·b runs packed from 64 columns of c up: below, b's rows are a few cache lines, read in order anyway. */
    private static final int PACK_MIN_COLUMNS_TRANSPOSE_A = 64;

    // b[p0 … p1)[0 … m8) into bp as m8 / 8 panels of (p1 - p0) × 8 doubles, panel j / 8 at j·kc: the rows of
    // b read in order, each panel then read contiguously by the tiles
    private static void packB(double[] b, double[] bp, int m, int m8, int p0, int p1) {
        int kc = p1 - p0;
        for (int p = p0; p < p1; p++) {
            int row = p * m;
            int to = (p - p0) * 8;
            for (int j = 0; j < m8; j += 8) {
                int d = j * kc + to;
                DoubleVector.fromArray(S, b, row + j).intoArray(bp, d);
                DoubleVector.fromArray(S, b, row + j + 4).intoArray(bp, d + 4);
            }
        }
    }

    // a[p0 … p1)[i … i+5] into bp from offset, 6 doubles per p
    private static void packA6(double[] a, double[] bp, int offset, int k, int i, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            int from = p * k + i;
            int to = offset + (p - p0) * 6;
            bp[to] = a[from];
            bp[to + 1] = a[from + 1];
            bp[to + 2] = a[from + 2];
            bp[to + 3] = a[from + 3];
            bp[to + 4] = a[from + 4];
            bp[to + 5] = a[from + 5];
        }
    }

    // a[i … i+5][p0 … p1) into bp from offset, 6 doubles per p (a's rows interleaved)
    private static void packRows6(double[] a, double[] bp, int offset, int k, int i, int p0, int p1) {
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k;
        for (int p = p0; p < p1; p++) {
            int to = offset + (p - p0) * 6;
            bp[to] = a[a0 + p];
            bp[to + 1] = a[a1 + p];
            bp[to + 2] = a[a2 + p];
            bp[to + 3] = a[a3 + p];
            bp[to + 4] = a[a4 + p];
            bp[to + 5] = a[a5 + p];
        }
    }

    // a 6 × 8 tile of c on packed operands, the bias (when not null) added: a's 6 rows (or columns) at w[ao …] (6 per p), b's 8 columns at w[bo …] (8 per p)
    private static void tile6x8Packed(double[] w, int ao, int bo, double[] c, int m, int c0, int kc,
            boolean first, double[] bias, int j) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        double[] from = first ? ZEROS : c;
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        DoubleVector s40 = DoubleVector.fromArray(S, from, first ? 0 : c4);
        DoubleVector s41 = DoubleVector.fromArray(S, from, first ? 4 : c4 + 4);
        DoubleVector s50 = DoubleVector.fromArray(S, from, first ? 0 : c5);
        DoubleVector s51 = DoubleVector.fromArray(S, from, first ? 4 : c5 + 4);
        for (int q = 0; q < kc; q++) {
            int aq = ao + q * 6;
            int bq = bo + q * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, w, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, w, bq + 4);
            DoubleVector x = DoubleVector.broadcast(S, w[aq]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, w[aq + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, w[aq + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, w[aq + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            x = DoubleVector.broadcast(S, w[aq + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41);
            x = DoubleVector.broadcast(S, w[aq + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51);
        }
        if (bias != null) {
            DoubleVector d0 = DoubleVector.fromArray(S, bias, j), d1 = DoubleVector.fromArray(S, bias, j + 4);
            s00 = s00.add(d0); s01 = s01.add(d1); s10 = s10.add(d0); s11 = s11.add(d1);
            s20 = s20.add(d0); s21 = s21.add(d1); s30 = s30.add(d0); s31 = s31.add(d1);
            s40 = s40.add(d0); s41 = s41.add(d1); s50 = s50.add(d0); s51 = s51.add(d1);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + 4); s10.intoArray(c, c1); s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + 4); s30.intoArray(c, c3); s31.intoArray(c, c3 + 4);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + 4); s50.intoArray(c, c5); s51.intoArray(c, c5 + 4);
    }

    // tile6x8Packed for aᵀ·b: the divisor applied on the last block, no bias: a's 6 rows (or columns) at w[ao …] (6 per p), b's 8 columns at w[bo …] (8 per p)
    private static void tile6x8PackedDivided(double[] w, int ao, int bo, double[] c, int m, int c0, int kc,
            boolean first, boolean last, double divisor) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        double[] from = first ? ZEROS : c;
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        DoubleVector s40 = DoubleVector.fromArray(S, from, first ? 0 : c4);
        DoubleVector s41 = DoubleVector.fromArray(S, from, first ? 4 : c4 + 4);
        DoubleVector s50 = DoubleVector.fromArray(S, from, first ? 0 : c5);
        DoubleVector s51 = DoubleVector.fromArray(S, from, first ? 4 : c5 + 4);
        for (int q = 0; q < kc; q++) {
            int aq = ao + q * 6;
            int bq = bo + q * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, w, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, w, bq + 4);
            DoubleVector x = DoubleVector.broadcast(S, w[aq]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, w[aq + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, w[aq + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, w[aq + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            x = DoubleVector.broadcast(S, w[aq + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41);
            x = DoubleVector.broadcast(S, w[aq + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51);
        }
        if (last) {
            s00 = s00.div(divisor); s01 = s01.div(divisor); s10 = s10.div(divisor); s11 = s11.div(divisor);
            s20 = s20.div(divisor); s21 = s21.div(divisor); s30 = s30.div(divisor); s31 = s31.div(divisor);
            s40 = s40.div(divisor); s41 = s41.div(divisor); s50 = s50.div(divisor); s51 = s51.div(divisor);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + 4); s10.intoArray(c, c1); s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + 4); s30.intoArray(c, c3); s31.intoArray(c, c3 + 4);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + 4); s50.intoArray(c, c5); s51.intoArray(c, c5 + 4);
    }

    // c[i…i+3][j…j+7] (+)= Σ_{p0 ≤ p < p1} a[i…i+3][p]·b[p][j…j+7]
    private static void multiply4x8(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j,
            int p0, int p1, boolean first) {
        int c0 = i * m + j;
        int c1 = c0 + m;
        int c2 = c1 + m;
        int c3 = c2 + m;
        // the first block starts from zeros: a load from ZEROS rather than a branch between two vectors,
        // which C2 would have to box
        double[] from = first ? ZEROS : c;
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        int a0 = i * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        for (int p = p0; p < p1; p++) {
            int bp = p * m + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 4);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        if (bias != null) {
            DoubleVector d0 = DoubleVector.fromArray(S, bias, j);
            DoubleVector d1 = DoubleVector.fromArray(S, bias, j + 4);
            s00 = s00.add(d0);
            s01 = s01.add(d1);
            s10 = s10.add(d0);
            s11 = s11.add(d1);
            s20 = s20.add(d0);
            s21 = s21.add(d1);
            s30 = s30.add(d0);
            s31 = s31.add(d1);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + 4);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + 4);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + 4);
    }


    // c[i…i+5][j…j+7] (+)= Σ_{p0 ≤ p < p1} a[i…i+5][p]·b[p][j…j+7]; a row of the tile per line
    private static void multiply6x8(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j,
            int p0, int p1, boolean first) {
        int c0 = i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        double[] from = first ? ZEROS : c;         // as in the 4 × 8 tile
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        DoubleVector s40 = DoubleVector.fromArray(S, from, first ? 0 : c4);
        DoubleVector s41 = DoubleVector.fromArray(S, from, first ? 4 : c4 + 4);
        DoubleVector s50 = DoubleVector.fromArray(S, from, first ? 0 : c5);
        DoubleVector s51 = DoubleVector.fromArray(S, from, first ? 4 : c5 + 4);
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k;
        for (int p = p0; p < p1; p++) {
            int bp = p * m + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 4);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51);
        }
        if (bias != null) {
            DoubleVector d0 = DoubleVector.fromArray(S, bias, j), d1 = DoubleVector.fromArray(S, bias, j + 4);
            s00 = s00.add(d0); s01 = s01.add(d1); s10 = s10.add(d0); s11 = s11.add(d1);
            s20 = s20.add(d0); s21 = s21.add(d1); s30 = s30.add(d0); s31 = s31.add(d1);
            s40 = s40.add(d0); s41 = s41.add(d1); s50 = s50.add(d0); s51 = s51.add(d1);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + 4); s10.intoArray(c, c1); s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + 4); s30.intoArray(c, c3); s31.intoArray(c, c3 + 4);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + 4); s50.intoArray(c, c5); s51.intoArray(c, c5 + 4);
    }

    // c[i…i+5][j…j+7] (+)= Σ_{p0 ≤ p < p1} a[p][i…i+5]·b[p][j…j+7], divided on the last block
    private static void transposeA6x8(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0,
            int p1, boolean first, boolean last, double divisor) {
        int c0 = i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        double[] from = first ? ZEROS : c;         // as in the 4 × 8 tile
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        DoubleVector s40 = DoubleVector.fromArray(S, from, first ? 0 : c4);
        DoubleVector s41 = DoubleVector.fromArray(S, from, first ? 4 : c4 + 4);
        DoubleVector s50 = DoubleVector.fromArray(S, from, first ? 0 : c5);
        DoubleVector s51 = DoubleVector.fromArray(S, from, first ? 4 : c5 + 4);
        for (int p = p0; p < p1; p++) {
            int ap = p * k + i;
            int bp = p * m + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 4);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00); s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10); s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20); s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30); s31 = x.fma(b1, s31);
            x = DoubleVector.broadcast(S, a[ap + 4]);
            s40 = x.fma(b0, s40); s41 = x.fma(b1, s41);
            x = DoubleVector.broadcast(S, a[ap + 5]);
            s50 = x.fma(b0, s50); s51 = x.fma(b1, s51);
        }
        if (last) {
            s00 = s00.div(divisor); s01 = s01.div(divisor); s10 = s10.div(divisor); s11 = s11.div(divisor);
            s20 = s20.div(divisor); s21 = s21.div(divisor); s30 = s30.div(divisor); s31 = s31.div(divisor);
            s40 = s40.div(divisor); s41 = s41.div(divisor); s50 = s50.div(divisor); s51 = s51.div(divisor);
        }
        s00.intoArray(c, c0); s01.intoArray(c, c0 + 4); s10.intoArray(c, c1); s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2); s21.intoArray(c, c2 + 4); s30.intoArray(c, c3); s31.intoArray(c, c3 + 4);
        s40.intoArray(c, c4); s41.intoArray(c, c4 + 4); s50.intoArray(c, c5); s51.intoArray(c, c5 + 4);
    }
    // c[i][j…j+3] (+)= Σ_{p0 ≤ p < p1} a[i][p]·b[p][j…j+3]
    private static void multiply1x4(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j,
            int p0, int p1, boolean first) {
        int ci = i * m + j;
        DoubleVector s = DoubleVector.fromArray(S, first ? ZEROS : c, first ? 0 : ci);
        int ai = i * k;
        for (int p = p0; p < p1; p++) {
            s = DoubleVector.broadcast(S, a[ai + p]).fma(DoubleVector.fromArray(S, b, p * m + j), s);
        }
        if (bias != null) {
            s = s.add(DoubleVector.fromArray(S, bias, j));
        }
        s.intoArray(c, ci);
    }

    @Override
    public void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c, int rowStart,
            int rowEnd) {
        Shapes.checkMultiplyTransposeA(a, b, c, rowStart, rowEnd);
        if (b.numCols >= PACK_MIN_COLUMNS_TRANSPOSE_A && rowEnd - rowStart >= 6) {
            multiplyTransposeAPacked(a, b, divisor, c, rowStart, rowEnd);
            return;
        }
        // a (n, k), b (n, m), c (k, m): row i of c runs down column i of a
        int n = a.numRows;
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        // blocks of p: a[p0 … p1) and b[p0 … p1) stay in cache while every tile of c passes over them
        int steps = Blocking.reductionSteps(k + m);
        int p0 = 0;
        do {
            int p1 = Math.min(n, p0 + steps);
            boolean first = p0 == 0;
            boolean last = p1 == n;
            int i = rowStart;
            for (; i + 6 <= rowEnd; i += 6) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    transposeA6x8(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 6; r++) {
                        transposeA1x4(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 6; r++) {
                        ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
            }
            for (; i + 4 <= rowEnd; i += 4) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    transposeA4x8(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 4; r++) {
                        transposeA1x4(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 4; r++) {
                        ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
            }
            for (; i < rowEnd; i++) {
                int j = 0;
                for (; j + 4 <= m; j += 4) {
                    transposeA1x4(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j < m; j++) {
                    ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
            }
            p0 = p1;
        } while (p0 < n);
    }

    // the packed form of the product above (GEBP), for the wide layers
    private static void multiplyTransposeAPacked(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c, int rowStart, int rowEnd) {
        // a (n, k), b (n, m), c (k, m): row i of c runs down column i of a
        int n = a.numRows;
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        // blocks of p: a[p0 … p1) and b[p0 … p1) stay in cache while every tile of c passes over them
        int m8 = m & ~7;
        boolean packed = true;
        int steps = packed ? Packing.steps(m8) : Blocking.reductionSteps(k + m);
        int kcMax = Math.min(n, steps);
        double[] bp = packed ? Packing.buffer(kcMax * m8 + Math.min(Packing.ROWS, rowEnd - rowStart) * kcMax) : null;
        int r6 = rowStart + (rowEnd - rowStart) / 6 * 6;
        int apOffset = kcMax * m8;          // the packed 6 columns of a follow the packed panels of b
        int p0 = 0;
        do {
            int p1 = Math.min(n, p0 + steps);
            boolean first = p0 == 0;
            boolean last = p1 == n;
            if (packed) {
                packB(bd, bp, m, m8, p0, p1);
            }
            if (packed) {
                // as in multiply
                int kc = p1 - p0;
                for (int ic = rowStart; ic < r6; ic += Packing.ROWS) {
                    int ie = Math.min(r6, ic + Packing.ROWS);
                    for (int s = ic; s < ie; s += 6) {
                        packA6(ad, bp, apOffset + (s - ic) * kc, k, s, p0, p1);
                    }
                    for (int j = 0; j < m8; j += 8) {
                        for (int s = ic; s < ie; s += 6) {
                            tile6x8PackedDivided(bp, apOffset + (s - ic) * kc, j * kc, cd, m, s * m + j, kc, first,
                                    last, divisor);
                        }
                    }
                }
            }
            int i = rowStart;
            for (; i + 6 <= rowEnd; i += 6) {
                int j = packed ? m8 : 0;
                for (; j + 8 <= m; j += 8) {
                    transposeA6x8(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 6; r++) {
                        transposeA1x4(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 6; r++) {
                        ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
            }
            for (; i + 4 <= rowEnd; i += 4) {
                int j = 0;
                for (; j + 8 <= m; j += 8) {
                    transposeA4x8(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j + 4 <= m; j += 4) {
                    for (int r = 0; r < 4; r++) {
                        transposeA1x4(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
                for (; j < m; j++) {
                    for (int r = 0; r < 4; r++) {
                        ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i + r, j, p0, p1, first, last, divisor);
                    }
                }
            }
            for (; i < rowEnd; i++) {
                int j = 0;
                for (; j + 4 <= m; j += 4) {
                    transposeA1x4(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
                for (; j < m; j++) {
                    ScalarMatrixKernels.transposeA1x1(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
                }
            }
            p0 = p1;
        } while (p0 < n);
    }

    // c[i…i+3][j…j+7] (+)= Σ_{p0 ≤ p < p1} a[p][i…i+3]·b[p][j…j+7], divided on the last block
    private static void transposeA4x8(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0,
            int p1, boolean first, boolean last, double divisor) {
        int c0 = i * m + j;
        int c1 = c0 + m;
        int c2 = c1 + m;
        int c3 = c2 + m;
        double[] from = first ? ZEROS : c;
        DoubleVector s00 = DoubleVector.fromArray(S, from, first ? 0 : c0);
        DoubleVector s01 = DoubleVector.fromArray(S, from, first ? 4 : c0 + 4);
        DoubleVector s10 = DoubleVector.fromArray(S, from, first ? 0 : c1);
        DoubleVector s11 = DoubleVector.fromArray(S, from, first ? 4 : c1 + 4);
        DoubleVector s20 = DoubleVector.fromArray(S, from, first ? 0 : c2);
        DoubleVector s21 = DoubleVector.fromArray(S, from, first ? 4 : c2 + 4);
        DoubleVector s30 = DoubleVector.fromArray(S, from, first ? 0 : c3);
        DoubleVector s31 = DoubleVector.fromArray(S, from, first ? 4 : c3 + 4);
        for (int p = p0; p < p1; p++) {
            int ap = p * k + i;
            int bp = p * m + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + 4);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = DoubleVector.broadcast(S, a[ap + 1]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = DoubleVector.broadcast(S, a[ap + 2]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = DoubleVector.broadcast(S, a[ap + 3]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        if (last) {
            // division, not a multiplication by 1/divisor: IEEE division lane by lane, as the scalar kernel
            s00 = s00.div(divisor);
            s01 = s01.div(divisor);
            s10 = s10.div(divisor);
            s11 = s11.div(divisor);
            s20 = s20.div(divisor);
            s21 = s21.div(divisor);
            s30 = s30.div(divisor);
            s31 = s31.div(divisor);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + 4);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + 4);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + 4);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + 4);
    }

    // c[i][j…j+3] (+)= Σ_{p0 ≤ p < p1} a[p][i]·b[p][j…j+3], divided on the last block
    private static void transposeA1x4(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0,
            int p1, boolean first, boolean last, double divisor) {
        int ci = i * m + j;
        DoubleVector s = DoubleVector.fromArray(S, first ? ZEROS : c, first ? 0 : ci);
        for (int p = p0; p < p1; p++) {
            s = DoubleVector.broadcast(S, a[p * k + i]).fma(DoubleVector.fromArray(S, b, p * m + j), s);
        }
        if (last) {
            s = s.div(divisor);
        }
        s.intoArray(c, ci);
    }

    @Override
    public void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int rowStart, int rowEnd) {
        Shapes.checkMultiplyTransposeB(a, b, c, rowStart, rowEnd);
        // a (n, m), b (k, m), c (n, k): c[i][j] is the dot product of rows a[i] and b[j]
        int m = a.numCols;
        int k = b.numRows;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        int i = rowStart;
        for (; i + 3 <= rowEnd; i += 3) {
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                transposeB3x4(ad, bd, cd, m, k, i, j);
            }
            for (; j < k; j++) {
                for (int r = 0; r < 3; r++) {
                    cd[(i + r) * k + j] = dot(ad, (i + r) * m, bd, j * m, m);
                }
            }
        }
        for (; i < rowEnd; i++) {
            for (int j = 0; j < k; j++) {
                cd[i * k + j] = dot(ad, i * m, bd, j * m, m);
            }
        }
    }

    // c[i…i+2][j…j+3] = a[i…i+2]·b[j…j+3]: lane l of each accumulator is the chain over p ≡ l (mod 4)
    private static void transposeB3x4(double[] a, double[] b, double[] c, int m, int k, int i, int j) {
        int a0 = i * m;
        int a1 = a0 + m;
        int a2 = a1 + m;
        int b0 = j * m;
        int b1 = b0 + m;
        int b2 = b1 + m;
        int b3 = b2 + m;
        int m4 = m & ~3;
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        for (int p = 0; p < m4; p += 4) {
            DoubleVector y0 = DoubleVector.fromArray(S, b, b0 + p);
            DoubleVector y1 = DoubleVector.fromArray(S, b, b1 + p);
            DoubleVector y2 = DoubleVector.fromArray(S, b, b2 + p);
            DoubleVector y3 = DoubleVector.fromArray(S, b, b3 + p);
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = DoubleVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = DoubleVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
        }
        finishDot(lanes(s00), a, a0, b, b0, m4, m, c, i * k + j);
        finishDot(lanes(s01), a, a0, b, b1, m4, m, c, i * k + j + 1);
        finishDot(lanes(s02), a, a0, b, b2, m4, m, c, i * k + j + 2);
        finishDot(lanes(s03), a, a0, b, b3, m4, m, c, i * k + j + 3);
        finishDot(lanes(s10), a, a1, b, b0, m4, m, c, (i + 1) * k + j);
        finishDot(lanes(s11), a, a1, b, b1, m4, m, c, (i + 1) * k + j + 1);
        finishDot(lanes(s12), a, a1, b, b2, m4, m, c, (i + 1) * k + j + 2);
        finishDot(lanes(s13), a, a1, b, b3, m4, m, c, (i + 1) * k + j + 3);
        finishDot(lanes(s20), a, a2, b, b0, m4, m, c, (i + 2) * k + j);
        finishDot(lanes(s21), a, a2, b, b1, m4, m, c, (i + 2) * k + j + 1);
        finishDot(lanes(s22), a, a2, b, b2, m4, m, c, (i + 2) * k + j + 2);
        finishDot(lanes(s23), a, a2, b, b3, m4, m, c, (i + 2) * k + j + 3);
    }

    // ((s0 + s1) + s2) + s3: the scalar kernel's order (reduceLanes leaves its order unspecified). Tiny, so C2
    // always inlines it: a vector passed to a call that is not inlined is boxed, which allocates
    private static double lanes(DoubleVector s) {
        return ((s.lane(0) + s.lane(1)) + s.lane(2)) + s.lane(3);
    }

    // c[ci] = the lanes' sum, then the chain on over the tail p = m4 … m-1; takes the sum as a double, so that
    // no vector crosses this call
    private static void finishDot(double sum, double[] x, int xi, double[] y, int yi, int m4, int m, double[] c,
            int ci) {
        for (int p = m4; p < m; p++) {
            sum = Math.fma(x[xi + p], y[yi + p], sum);
        }
        c[ci] = sum;
    }

    private static double dot(double[] x, int xi, double[] y, int yi, int m) {
        int m4 = m & ~3;
        DoubleVector s = DoubleVector.zero(S);
        for (int p = 0; p < m4; p += 4) {
            s = DoubleVector.fromArray(S, x, xi + p).fma(DoubleVector.fromArray(S, y, yi + p), s);
        }
        double sum = ((s.lane(0) + s.lane(1)) + s.lane(2)) + s.lane(3);
        for (int p = m4; p < m; p++) {
            sum = Math.fma(x[xi + p], y[yi + p], sum);
        }
        return sum;
    }

    @Override
    public void columnSums(DMatrixRMaj dz, double divisor, DMatrixRMaj db) {
        Shapes.checkColumnSums(dz, db);
        // dz (n, m), db (1, m): db[j] = (Σ_i dz[i][j]) / divisor, 16 columns at a time down all rows
        int n = dz.numRows;
        int m = dz.numCols;
        double[] z = dz.data;
        double[] d = db.data;
        int j = 0;
        for (; j + 16 <= m; j += 16) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0; i < n; i++) {
                int row = i * m + j;
                s0 = s0.add(DoubleVector.fromArray(S, z, row));
                s1 = s1.add(DoubleVector.fromArray(S, z, row + 4));
                s2 = s2.add(DoubleVector.fromArray(S, z, row + 8));
                s3 = s3.add(DoubleVector.fromArray(S, z, row + 12));
            }
            s0.div(divisor).intoArray(d, j);
            s1.div(divisor).intoArray(d, j + 4);
            s2.div(divisor).intoArray(d, j + 8);
            s3.div(divisor).intoArray(d, j + 12);
        }
        for (; j + 4 <= m; j += 4) {
            DoubleVector s = DoubleVector.zero(S);
            for (int i = 0; i < n; i++) {
                s = s.add(DoubleVector.fromArray(S, z, i * m + j));
            }
            s.div(divisor).intoArray(d, j);
        }
        for (; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += z[i * m + j];
            }
            d[j] = s / divisor;
        }
    }
}
