package io.mlplab.training.kernel;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * Run by {@link KernelFallbackTests} in a JVM without {@code jdk.incubator.vector}: selects {@code auto},
 * runs each product on a small seeded layer and prints, line by line, the kernels' names, what asking for
 * {@code vector} throws, and per product a hash of the result's bits and its largest difference from EJML.
 */
public final class KernelFallbackMain {

    public static void main(String[] args) {
        MatrixKernels kernels = MatrixKernels.select("auto");
        System.out.println("matrix " + kernels.name());
        System.out.println("elementwise " + ElementwiseKernels.select("auto").name());
        try {
            MatrixKernels.select("vector");
            System.out.println("vector selected");
        } catch (IllegalStateException e) {
            System.out.println("vector " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        for (String line : products(kernels)) {
            System.out.println(line);
        }
    }

    /** "product hash maxDifference" for the three products and the column sums of a (37, 13) → (37, 11) layer. */
    static String[] products(MatrixKernels kernels) {
        MatrixKernels reference = MatrixKernels.select("ejml");
        Random random = new Random(79);
        int n = 37;
        int k = 13;
        int m = 11;
        DMatrixRMaj a = random(n, k, random);     // (n, k)
        DMatrixRMaj w = random(k, m, random);     // (k, m)
        DMatrixRMaj bias = random(1, m, random);  // (1, m)
        DMatrixRMaj dz = random(n, m, random);    // (n, m)
        DMatrixRMaj[] actual = {new DMatrixRMaj(n, m), new DMatrixRMaj(k, m), new DMatrixRMaj(n, k), new DMatrixRMaj(1, m)};
        DMatrixRMaj[] expected = {new DMatrixRMaj(n, m), new DMatrixRMaj(k, m), new DMatrixRMaj(n, k), new DMatrixRMaj(1, m)};
        MatrixKernels[] both = {kernels, reference};
        DMatrixRMaj[][] outputs = {actual, expected};
        for (int r = 0; r < 2; r++) {
            both[r].multiply(a, w, bias, outputs[r][0]);
            both[r].multiplyTransposeA(a, dz, n, outputs[r][1]);
            both[r].multiplyTransposeB(dz, w, outputs[r][2]);
            both[r].columnSums(dz, n, outputs[r][3]);
        }
        String[] names = {"multiply", "multiplyTransposeA", "multiplyTransposeB", "columnSums"};
        String[] lines = new String[names.length];
        for (int p = 0; p < names.length; p++) {
            double difference = 0;
            for (int e = 0; e < actual[p].data.length; e++) {
                difference = Math.max(difference, Math.abs(actual[p].data[e] - expected[p].data[e]));
            }
            lines[p] = names[p] + " " + Arrays.hashCode(actual[p].data) + " " + difference;
        }
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
