package io.mlplab.training.kernel;

import org.ejml.data.DMatrixRMaj;

/**
 * Plain Java kernels, for a JVM without the Vector API. Every sum is the {@link MatrixKernels} FMA chain
 * ({@link Math#fma}, one instruction on x86 with FMA3), so the results are bit-identical to the vector
 * kernels'.
 *
 * <p>Tiling: 2 rows × 4 columns of c per tile for a·b and aᵀ·b, 1 row × 2 columns × 4 chains for a·bᵀ: 8
 * independent accumulators, which is what keeps both FMA units busy through the FMA latency, plus the
 * operands of one step, within the 16 scalar FP registers of x86-64 (a bigger tile spills). Each loaded
 * element of a is used 4 times and of b twice (or 1 and 2 for a·bᵀ). The last 1 to 3 columns (a network's
 * single output) go 4 rows × 1 column at a time, 4 chains rather than one per element.
 */
final class ScalarMatrixKernels implements MatrixKernels {

    static final ScalarMatrixKernels INSTANCE = new ScalarMatrixKernels();

    private ScalarMatrixKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int rowStart, int rowEnd) {
        Shapes.checkMultiply(a, b, bias, c, rowStart, rowEnd);
        // a (n, k), b (k, m), bias (1, m) or null, c (n, m)
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        // blocks of p so that the rows b[p0 … p1) stay in cache while every tile of c passes over them
        int steps = Blocking.reductionSteps(m);
        int p0 = 0;
        do {
            int p1 = Math.min(k, p0 + steps);
            boolean first = p0 == 0;
            double[] biasd = p1 == k && bias != null ? bias.data : null;   // added once the sums are complete
            multiplyColumns(ad, bd, cd, biasd, k, m, rowStart, rowEnd, 0, p0, p1, first);
            p0 = p1;
        } while (p0 < k);
    }

    /**
     * Rows {@code [rowStart, rowEnd)}, columns {@code [j0, m)} of c (+)= the block {@code p0 … p1-1} of a·b,
     * the bias added when not null: this kernel's loop, also the vector kernels' tail for the columns that
     * do not fill a vector.
     */
    static void multiplyColumns(double[] ad, double[] bd, double[] cd, double[] biasd, int k, int m, int rowStart,
            int rowEnd, int j0, int p0, int p1, boolean first) {
        int j4 = j0 + (m - j0) / 4 * 4;       // the end of the columns in whole tiles
        int i = rowStart;
        for (; i + 2 <= rowEnd; i += 2) {
            for (int j = j0; j < j4; j += 4) {
                multiply2x4(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
            }
        }
        for (; i < rowEnd; i++) {
            for (int j = j0; j < j4; j += 4) {
                multiply1x1(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
                multiply1x1(ad, bd, cd, biasd, k, m, i, j + 1, p0, p1, first);
                multiply1x1(ad, bd, cd, biasd, k, m, i, j + 2, p0, p1, first);
                multiply1x1(ad, bd, cd, biasd, k, m, i, j + 3, p0, p1, first);
            }
        }
        // the last 1 to 3 columns (a single output, say) 4 rows at a time, 4 chains in flight rather than 1
        for (int j = j4; j < m; j++) {
            i = rowStart;
            for (; i + 4 <= rowEnd; i += 4) {
                multiply4x1(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
            }
            for (; i < rowEnd; i++) {
                multiply1x1(ad, bd, cd, biasd, k, m, i, j, p0, p1, first);
            }
        }
    }

    // c[i…i+3][j] (+)= Σ_{p0 ≤ p < p1} a[i…i+3][p]·b[p][j]
    private static void multiply4x1(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j,
            int p0, int p1, boolean first) {
        int c0 = i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        double s0 = first ? 0 : c[c0], s1 = first ? 0 : c[c1], s2 = first ? 0 : c[c2], s3 = first ? 0 : c[c3];
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        for (int p = p0; p < p1; p++) {
            double y = b[p * m + j];
            s0 = Math.fma(a[a0 + p], y, s0);
            s1 = Math.fma(a[a1 + p], y, s1);
            s2 = Math.fma(a[a2 + p], y, s2);
            s3 = Math.fma(a[a3 + p], y, s3);
        }
        if (bias != null) {
            double d = bias[j];
            s0 += d;
            s1 += d;
            s2 += d;
            s3 += d;
        }
        c[c0] = s0;
        c[c1] = s1;
        c[c2] = s2;
        c[c3] = s3;
    }

    // c[i…i+1][j…j+3] (+)= Σ_{p0 ≤ p < p1} a[i…i+1][p]·b[p][j…j+3]
    private static void multiply2x4(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j,
            int p0, int p1, boolean first) {
        int c0 = i * m + j;
        int c1 = c0 + m;
        double s00 = first ? 0 : c[c0], s01 = first ? 0 : c[c0 + 1], s02 = first ? 0 : c[c0 + 2], s03 = first ? 0 : c[c0 + 3];
        double s10 = first ? 0 : c[c1], s11 = first ? 0 : c[c1 + 1], s12 = first ? 0 : c[c1 + 2], s13 = first ? 0 : c[c1 + 3];
        int a0 = i * k;
        int a1 = a0 + k;
        for (int p = p0; p < p1; p++) {
            int bp = p * m + j;
            double b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            double x0 = a[a0 + p];
            double x1 = a[a1 + p];
            s00 = Math.fma(x0, b0, s00);
            s01 = Math.fma(x0, b1, s01);
            s02 = Math.fma(x0, b2, s02);
            s03 = Math.fma(x0, b3, s03);
            s10 = Math.fma(x1, b0, s10);
            s11 = Math.fma(x1, b1, s11);
            s12 = Math.fma(x1, b2, s12);
            s13 = Math.fma(x1, b3, s13);
        }
        if (bias != null) {
            double d0 = bias[j], d1 = bias[j + 1], d2 = bias[j + 2], d3 = bias[j + 3];
            s00 += d0;
            s01 += d1;
            s02 += d2;
            s03 += d3;
            s10 += d0;
            s11 += d1;
            s12 += d2;
            s13 += d3;
        }
        c[c0] = s00;
        c[c0 + 1] = s01;
        c[c0 + 2] = s02;
        c[c0 + 3] = s03;
        c[c1] = s10;
        c[c1 + 1] = s11;
        c[c1 + 2] = s12;
        c[c1 + 3] = s13;
    }

    // c[i][j] (+)= Σ_{p0 ≤ p < p1} a[i][p]·b[p][j]
    static void multiply1x1(double[] a, double[] b, double[] c, double[] bias, int k, int m, int i, int j, int p0,
            int p1, boolean first) {
        int ci = i * m + j;
        double s = first ? 0 : c[ci];
        int ai = i * k;
        for (int p = p0; p < p1; p++) {
            s = Math.fma(a[ai + p], b[p * m + j], s);
        }
        c[ci] = bias != null ? s + bias[j] : s;
    }

    @Override
    public void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, double divisor, DMatrixRMaj c, int rowStart,
            int rowEnd) {
        Shapes.checkMultiplyTransposeA(a, b, c, rowStart, rowEnd);
        // a (n, k), b (n, m), c (k, m): row i of c runs down column i of a
        int n = a.numRows;
        int k = a.numCols;
        int m = b.numCols;
        double[] ad = a.data;
        double[] bd = b.data;
        double[] cd = c.data;
        // blocks of p: the rows a[p0 … p1) and b[p0 … p1) stay in cache while every tile of c passes over
        // them; unblocked, each tile would stream all of a and b from memory
        int steps = Blocking.reductionSteps(k + m);
        int p0 = 0;
        do {
            int p1 = Math.min(n, p0 + steps);
            boolean first = p0 == 0;
            boolean last = p1 == n;
            transposeAColumns(ad, bd, cd, k, m, rowStart, rowEnd, 0, p0, p1, first, last, divisor);
            p0 = p1;
        } while (p0 < n);
    }

    /**
     * Rows {@code [rowStart, rowEnd)}, columns {@code [j0, m)} of c (+)= the block {@code p0 … p1-1} of aᵀ·b,
     * divided on the last block: this kernel's loop, also the vector kernels' tail for the columns that do
     * not fill a vector.
     */
    static void transposeAColumns(double[] ad, double[] bd, double[] cd, int k, int m, int rowStart, int rowEnd,
            int j0, int p0, int p1, boolean first, boolean last, double divisor) {
        int j4 = j0 + (m - j0) / 4 * 4;
        int i = rowStart;
        for (; i + 2 <= rowEnd; i += 2) {
            for (int j = j0; j < j4; j += 4) {
                transposeA2x4(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
            }
        }
        for (; i < rowEnd; i++) {
            for (int j = j0; j < j4; j++) {
                transposeA1x1(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
            }
        }
        // the last 1 to 3 columns 4 rows at a time, as in multiplyColumns
        for (int j = j4; j < m; j++) {
            i = rowStart;
            for (; i + 4 <= rowEnd; i += 4) {
                transposeA4x1(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
            }
            for (; i < rowEnd; i++) {
                transposeA1x1(ad, bd, cd, k, m, i, j, p0, p1, first, last, divisor);
            }
        }
    }

    // c[i…i+3][j] (+)= Σ_{p0 ≤ p < p1} a[p][i…i+3]·b[p][j], divided on the last block
    private static void transposeA4x1(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0, int p1,
            boolean first, boolean last, double divisor) {
        int c0 = i * m + j, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        double s0 = first ? 0 : c[c0], s1 = first ? 0 : c[c1], s2 = first ? 0 : c[c2], s3 = first ? 0 : c[c3];
        for (int p = p0; p < p1; p++) {
            int ap = p * k + i;
            double y = b[p * m + j];
            s0 = Math.fma(a[ap], y, s0);
            s1 = Math.fma(a[ap + 1], y, s1);
            s2 = Math.fma(a[ap + 2], y, s2);
            s3 = Math.fma(a[ap + 3], y, s3);
        }
        if (last) {
            s0 /= divisor;
            s1 /= divisor;
            s2 /= divisor;
            s3 /= divisor;
        }
        c[c0] = s0;
        c[c1] = s1;
        c[c2] = s2;
        c[c3] = s3;
    }

    // c[i…i+1][j…j+3] (+)= Σ_{p0 ≤ p < p1} a[p][i…i+1]·b[p][j…j+3], divided on the last block
    private static void transposeA2x4(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0, int p1,
            boolean first, boolean last, double divisor) {
        int c0 = i * m + j;
        int c1 = c0 + m;
        double s00 = first ? 0 : c[c0], s01 = first ? 0 : c[c0 + 1], s02 = first ? 0 : c[c0 + 2], s03 = first ? 0 : c[c0 + 3];
        double s10 = first ? 0 : c[c1], s11 = first ? 0 : c[c1 + 1], s12 = first ? 0 : c[c1 + 2], s13 = first ? 0 : c[c1 + 3];
        for (int p = p0; p < p1; p++) {
            int ap = p * k + i;
            int bp = p * m + j;
            double b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            double x0 = a[ap];
            double x1 = a[ap + 1];
            s00 = Math.fma(x0, b0, s00);
            s01 = Math.fma(x0, b1, s01);
            s02 = Math.fma(x0, b2, s02);
            s03 = Math.fma(x0, b3, s03);
            s10 = Math.fma(x1, b0, s10);
            s11 = Math.fma(x1, b1, s11);
            s12 = Math.fma(x1, b2, s12);
            s13 = Math.fma(x1, b3, s13);
        }
        if (last) {
            s00 /= divisor;
            s01 /= divisor;
            s02 /= divisor;
            s03 /= divisor;
            s10 /= divisor;
            s11 /= divisor;
            s12 /= divisor;
            s13 /= divisor;
        }
        c[c0] = s00;
        c[c0 + 1] = s01;
        c[c0 + 2] = s02;
        c[c0 + 3] = s03;
        c[c1] = s10;
        c[c1 + 1] = s11;
        c[c1 + 2] = s12;
        c[c1 + 3] = s13;
    }

    // c[i][j] (+)= Σ_{p0 ≤ p < p1} a[p][i]·b[p][j], divided on the last block
    static void transposeA1x1(double[] a, double[] b, double[] c, int k, int m, int i, int j, int p0, int p1,
            boolean first, boolean last, double divisor) {
        int ci = i * m + j;
        double s = first ? 0 : c[ci];
        for (int p = p0; p < p1; p++) {
            s = Math.fma(a[p * k + i], b[p * m + j], s);
        }
        c[ci] = last ? s / divisor : s;
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
        for (int i = rowStart; i < rowEnd; i++) {
            int j = 0;
            for (; j + 2 <= k; j += 2) {
                transposeB1x2(ad, bd, cd, m, k, i, j);
            }
            for (; j < k; j++) {
                cd[i * k + j] = dot(ad, i * m, bd, j * m, m);
            }
        }
    }

    // c[i][j…j+1] = a[i]·b[j…j+1], each as four chains over p ≡ 0, 1, 2, 3 (mod 4), then the tail
    private static void transposeB1x2(double[] a, double[] b, double[] c, int m, int k, int i, int j) {
        int ai = i * m;
        int b0 = j * m;
        int b1 = b0 + m;
        int m4 = m & ~3;
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (int p = 0; p < m4; p += 4) {
            double x0 = a[ai + p], x1 = a[ai + p + 1], x2 = a[ai + p + 2], x3 = a[ai + p + 3];
            s00 = Math.fma(x0, b[b0 + p], s00);
            s01 = Math.fma(x1, b[b0 + p + 1], s01);
            s02 = Math.fma(x2, b[b0 + p + 2], s02);
            s03 = Math.fma(x3, b[b0 + p + 3], s03);
            s10 = Math.fma(x0, b[b1 + p], s10);
            s11 = Math.fma(x1, b[b1 + p + 1], s11);
            s12 = Math.fma(x2, b[b1 + p + 2], s12);
            s13 = Math.fma(x3, b[b1 + p + 3], s13);
        }
        double s0 = ((s00 + s01) + s02) + s03;
        double s1 = ((s10 + s11) + s12) + s13;
        for (int p = m4; p < m; p++) {
            s0 = Math.fma(a[ai + p], b[b0 + p], s0);
            s1 = Math.fma(a[ai + p], b[b1 + p], s1);
        }
        c[i * k + j] = s0;
        c[i * k + j + 1] = s1;
    }

    // x[xi … xi+m) · y[yi … yi+m) in the a·bᵀ order
    static double dot(double[] x, int xi, double[] y, int yi, int m) {
        int m4 = m & ~3;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int p = 0; p < m4; p += 4) {
            s0 = Math.fma(x[xi + p], y[yi + p], s0);
            s1 = Math.fma(x[xi + p + 1], y[yi + p + 1], s1);
            s2 = Math.fma(x[xi + p + 2], y[yi + p + 2], s2);
            s3 = Math.fma(x[xi + p + 3], y[yi + p + 3], s3);
        }
        double s = ((s0 + s1) + s2) + s3;
        for (int p = m4; p < m; p++) {
            s = Math.fma(x[xi + p], y[yi + p], s);
        }
        return s;
    }

    @Override
    public void columnSums(DMatrixRMaj dz, double divisor, DMatrixRMaj db) {
        Shapes.checkColumnSums(dz, db);
        // dz (n, m), db (1, m): db[j] = (Σ_i dz[i][j]) / divisor, row by row so that dz is read in order
        int n = dz.numRows;
        int m = dz.numCols;
        double[] z = dz.data;
        double[] d = db.data;
        for (int j = 0; j < m; j++) {
            d[j] = 0;
        }
        for (int i = 0; i < n; i++) {
            int row = i * m;
            for (int j = 0; j < m; j++) {
                d[j] += z[row + j];
            }
        }
        for (int j = 0; j < m; j++) {
            d[j] /= divisor;
        }
    }
}
