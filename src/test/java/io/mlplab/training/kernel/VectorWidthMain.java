package io.mlplab.training.kernel;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * Run by {@link VectorWidthTests} in a JVM whose vectors are capped at 256 bits: prints the vector kernels'
 * lanes, then per shape and product a hash of the result's bits, then the same for the sigmoid.
 */
public final class VectorWidthMain {

    /** (n, k, m): packed and unpacked products, every kind of tail, a single output and a narrow one. */
    static final int[][] SHAPES = {{37, 13, 11}, {400, 16, 32}, {150, 130, 77}, {64, 600, 96}, {300, 70, 1},
            {200, 75, 3}, {61, 29, 45}, {1000, 64, 17}};

    public static void main(String[] args) {
        System.out.println("lanes " + VectorMatrixKernels.lanes());
        for (String line : hashes(MatrixKernels.select("vector"), ElementwiseKernels.select("vector"))) {
            System.out.println(line);
        }
    }

    /** "n k m product hash" for every shape and product, then "sigmoid hash". */
    static String[] hashes(MatrixKernels kernels, ElementwiseKernels elementwise) {
        String[] lines = new String[4 * SHAPES.length + 1];
        for (int s = 0; s < SHAPES.length; s++) {
            int n = SHAPES[s][0];
            int k = SHAPES[s][1];
            int m = SHAPES[s][2];
            Random random = new Random(83L * n + 7L * k + m);
            DMatrixRMaj a = random(n, k, random);     // (n, k)
            DMatrixRMaj w = random(k, m, random);     // (k, m)
            DMatrixRMaj bias = random(1, m, random);  // (1, m)
            DMatrixRMaj dz = random(n, m, random);    // (n, m)
            DMatrixRMaj z = new DMatrixRMaj(n, m);
            DMatrixRMaj dw = new DMatrixRMaj(k, m);
            DMatrixRMaj da = new DMatrixRMaj(n, k);
            DMatrixRMaj db = new DMatrixRMaj(1, m);
            kernels.multiply(a, w, bias, z);
            kernels.multiplyTransposeA(a, dz, n, dw);
            kernels.multiplyTransposeB(dz, w, da);
            kernels.columnSums(dz, n, db);
            String shape = n + " " + k + " " + m + " ";
            lines[4 * s] = shape + "multiply " + Arrays.hashCode(z.data);
            lines[4 * s + 1] = shape + "multiplyTransposeA " + Arrays.hashCode(dw.data);
            lines[4 * s + 2] = shape + "multiplyTransposeB " + Arrays.hashCode(da.data);
            lines[4 * s + 3] = shape + "columnSums " + Arrays.hashCode(db.data);
        }
        double[] z = random(1, 1001, new Random(89)).data;
        for (int e = 0; e < z.length; e++) {
            z[e] *= 8;
        }
        double[] out = new double[z.length];
        elementwise.sigmoid(z, out, 0, z.length);
        lines[lines.length - 1] = "sigmoid " + Arrays.hashCode(out);
        return lines;
    }

    // not MatrixKernelsTests.random: the child's class path has no JUnit
    private static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows, cols);
        for (int e = 0; e < matrix.data.length; e++) {
            matrix.data[e] = random.nextGaussian();
        }
        return matrix;
    }
}
