package io.mlplab.training.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar and vector kernels against the EJML reference on seeded random shapes: the tile sizes, their
 * tails, degenerate shapes (1 row, 1 column, k = 1) and the study's and the benchmark's shapes. Each
 * element may differ from the reference by 1e-12 of {@code Σ_p |a||b|}, the magnitude its rounding error
 * scales with (the real error is ~1e-16 of it per step). Between themselves, and between one call and any
 * split into row ranges, results are bit-identical.
 */
class MatrixKernelsTests {

    private static final double TOLERANCE = 1e-12;

    private static final MatrixKernels REFERENCE = MatrixKernels.select("ejml");

    /** (n, k, m): c (n, m) = a (n, k) · b (k, m), and the backward products of that layer. */
    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        int[][] fixed = {
                {1, 1, 1}, {1, 7, 1}, {1, 1, 9}, {9, 1, 1}, {5, 1, 13}, {1, 13, 5}, {4, 8, 8}, {3, 4, 4},
                {400, 8, 16}, {400, 16, 32}, {400, 32, 16}, {400, 16, 8}, {400, 8, 1}, {400, 16, 2},
                {7, 300, 3}, {301, 2, 37}, {2, 513, 9}, {600, 50, 70}, {33, 129, 65}, {1000, 3, 5},
                // packed with tails of a vector and of single columns, and a·b packed from a b of 8192 doubles up;
                // one output and three (c narrower than a vector) with 64 rows of aᵀ·b and more
                {150, 130, 77}, {64, 600, 96}, {61, 140, 60}, {300, 70, 1}, {200, 75, 3}, {90, 131, 2},
                // c of 256 columns and more: the column sums go row by row, with and without a tail of a vector
                {40, 3, 263}, {9, 2, 512}};
        for (int[] s : fixed) {
            shapes.add(Arguments.of(s[0], s[1], s[2]));
        }
        Random random = new Random(20240521);
        for (int t = 0; t < 40; t++) {
            shapes.add(Arguments.of(1 + random.nextInt(70), 1 + random.nextInt(70), 1 + random.nextInt(70)));
        }
        return shapes.stream();
    }

    static Stream<Arguments> kernelsAndShapes() {
        return shapes().flatMap(s -> Stream.of("scalar", "vector").map(name -> {
            Object[] args = s.get();
            return Arguments.of(name, args[0], args[1], args[2]);
        }));
    }

    @ParameterizedTest(name = "{0}: a ({1}, {2}) · b ({2}, {3})")
    @MethodSource("kernelsAndShapes")
    void multiplyAgreesWithTheReferenceWithAndWithoutBias(String name, int n, int k, int m) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(31L * n + 17L * k + m);
        DMatrixRMaj a = random(n, k, random);
        DMatrixRMaj b = random(k, m, random);
        DMatrixRMaj bias = random(1, m, random);
        for (DMatrixRMaj withBias : new DMatrixRMaj[] {null, bias}) {
            DMatrixRMaj expected = new DMatrixRMaj(n, m);
            DMatrixRMaj actual = filledWithNaN(n, m);
            REFERENCE.multiply(a, b, withBias, expected);
            kernels.multiply(a, b, withBias, actual);
            // Σ_p |a[i][p]|·|b[p][j]| (+ |bias[j]|)
            DMatrixRMaj magnitude = new DMatrixRMaj(n, m);
            MatrixKernels.select("ejml").multiply(abs(a), abs(b), withBias == null ? null : abs(withBias), magnitude);
            assertClose(actual, expected, magnitude);
        }
    }

    @ParameterizedTest(name = "{0}: a ({1}, {2})ᵀ · b ({1}, {3})")
    @MethodSource("kernelsAndShapes")
    void multiplyTransposeAAgreesWithTheReference(String name, int n, int k, int m) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(37L * n + 11L * k + m);
        DMatrixRMaj a = random(n, k, random);
        DMatrixRMaj b = random(n, m, random);
        DMatrixRMaj expected = new DMatrixRMaj(k, m);
        DMatrixRMaj actual = filledWithNaN(k, m);
        REFERENCE.multiplyTransposeA(a, b, n, expected);
        kernels.multiplyTransposeA(a, b, n, actual);
        DMatrixRMaj magnitude = new DMatrixRMaj(k, m);
        REFERENCE.multiplyTransposeA(abs(a), abs(b), n, magnitude);
        assertClose(actual, expected, magnitude);
    }

    @ParameterizedTest(name = "{0}: a ({1}, {3}) · b ({2}, {3})ᵀ")
    @MethodSource("kernelsAndShapes")
    void multiplyTransposeBAgreesWithTheReference(String name, int n, int k, int m) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(41L * n + 13L * k + m);
        DMatrixRMaj a = random(n, m, random);
        DMatrixRMaj b = random(k, m, random);
        DMatrixRMaj expected = new DMatrixRMaj(n, k);
        DMatrixRMaj actual = filledWithNaN(n, k);
        REFERENCE.multiplyTransposeB(a, b, expected);
        kernels.multiplyTransposeB(a, b, actual);
        DMatrixRMaj magnitude = new DMatrixRMaj(n, k);
        REFERENCE.multiplyTransposeB(abs(a), abs(b), magnitude);
        assertClose(actual, expected, magnitude);
    }

    @ParameterizedTest(name = "{0}: column sums of ({1}, {3})")
    @MethodSource("kernelsAndShapes")
    void columnSumsAgreeWithTheReference(String name, int n, int k, int m) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(43L * n + m);
        DMatrixRMaj dz = random(n, m, random);
        DMatrixRMaj expected = new DMatrixRMaj(1, m);
        DMatrixRMaj actual = filledWithNaN(1, m);
        REFERENCE.columnSums(dz, n, expected);
        kernels.columnSums(dz, n, actual);
        DMatrixRMaj magnitude = new DMatrixRMaj(1, m);
        REFERENCE.columnSums(abs(dz), n, magnitude);
        assertClose(actual, expected, magnitude);
    }

    @ParameterizedTest(name = "a ({0}, {1}) · b ({1}, {2})")
    @MethodSource("shapes")
    void scalarAndVectorKernelsAreBitIdentical(int n, int k, int m) {
        Random random = new Random(53L * n + 7L * k + m);
        DMatrixRMaj a = random(n, k, random);
        DMatrixRMaj b = random(k, m, random);
        DMatrixRMaj bias = random(1, m, random);
        DMatrixRMaj dz = random(n, m, random);
        DMatrixRMaj w = random(k, m, random);
        double[][] results = new double[2][];
        String[] names = {"scalar", "vector"};
        for (int r = 0; r < 2; r++) {
            MatrixKernels kernels = MatrixKernels.select(names[r]);
            DMatrixRMaj forward = new DMatrixRMaj(n, m);
            DMatrixRMaj dW = new DMatrixRMaj(k, m);
            DMatrixRMaj dA = new DMatrixRMaj(n, k);
            DMatrixRMaj db = new DMatrixRMaj(1, m);
            kernels.multiply(a, b, bias, forward);
            kernels.multiplyTransposeA(a, dz, n, dW);
            kernels.multiplyTransposeB(dz, w, dA);
            kernels.columnSums(dz, n, db);
            results[r] = concat(forward.data, dW.data, dA.data, db.data);
        }
        assertArrayEquals(results[0], results[1]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector"})
    void productsInSeveralRowRangesAreBitIdenticalToOneCall(String name) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(59);
        // long enough along every reduction to span several cache blocks
        int[][] layers = {{203, 37, 29}, {9, 1300, 700}, {5000, 61, 70}, {1, 3, 5}};
        for (int[] layer : layers) {
            int n = layer[0];
            int k = layer[1];
            int m = layer[2];
            DMatrixRMaj a = random(n, k, random);
            DMatrixRMaj b = random(k, m, random);
            DMatrixRMaj bias = random(1, m, random);
            DMatrixRMaj dz = random(n, m, random);
            DMatrixRMaj w = random(k, m, random);
            DMatrixRMaj whole = new DMatrixRMaj(n, m);
            DMatrixRMaj parts = filledWithNaN(n, m);
            kernels.multiply(a, b, bias, whole);
            for (int[] range : ranges(n, random)) {
                kernels.multiply(a, b, bias, parts, range[0], range[1]);
            }
            assertArrayEquals(whole.data, parts.data, "a·b + bias");
            whole = new DMatrixRMaj(k, m);
            parts = filledWithNaN(k, m);
            kernels.multiplyTransposeA(a, dz, n, whole);
            for (int[] range : ranges(k, random)) {
                kernels.multiplyTransposeA(a, dz, n, parts, range[0], range[1]);
            }
            assertArrayEquals(whole.data, parts.data, "aᵀ·b / n");
            whole = new DMatrixRMaj(n, k);
            parts = filledWithNaN(n, k);
            kernels.multiplyTransposeB(dz, w, whole);
            for (int[] range : ranges(n, random)) {
                kernels.multiplyTransposeB(dz, w, parts, range[0], range[1]);
            }
            assertArrayEquals(whole.data, parts.data, "a·bᵀ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector", "ejml"})
    void aBPackedOnceGivesTheBitsOfPackingItPerCall(String name) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(61);
        // packed (several reduction blocks, tails of panels and of single columns, a b of 8192 doubles) and not
        // (too narrow, too small)
        int[][] layers = {{203, 300, 77}, {50, 128, 64}, {40, 512, 40}, {31, 64, 128}, {9, 600, 15}, {30, 20, 20}};
        for (int[] layer : layers) {
            int n = layer[0];
            int k = layer[1];
            int m = layer[2];
            DMatrixRMaj a = random(n, k, random);
            DMatrixRMaj b = random(k, m, random);
            DMatrixRMaj bias = random(1, m, random);
            DMatrixRMaj whole = new DMatrixRMaj(n, m);
            kernels.multiply(a, b, bias, whole);
            int length = kernels.packedLength(a, b);
            boolean packs = name.equals("vector") && m >= 2 * VectorMatrixKernels.lanes() && k * m >= 8192;
            assertThat(length).as("packed length of %d x %d", k, m)
                    .isEqualTo(packs ? k * (m - m % (2 * VectorMatrixKernels.lanes())) : 0);
            if (length == 0) {
                DMatrixRMaj plain = filledWithNaN(n, m);
                kernels.multiplyPacked(a, b, null, bias, plain, 0, n);
                assertArrayEquals(whole.data, plain.data, "a kernel that does not pack computes the plain product");
                assertThatThrownBy(() -> kernels.pack(b, new double[k * m]))
                        .isInstanceOf(RuntimeException.class);
                continue;
            }
            double[] packed = new double[length + 5];
            java.util.Arrays.fill(packed, Double.NaN);
            kernels.pack(b, packed);
            DMatrixRMaj parts = filledWithNaN(n, m);
            for (int[] range : ranges(n, random)) {
                kernels.multiplyPacked(a, b, packed, bias, parts, range[0], range[1]);
            }
            assertArrayEquals(whole.data, parts.data, "a·b + bias on b packed once, " + k + " x " + m);
            DMatrixRMaj noBias = new DMatrixRMaj(n, m);
            DMatrixRMaj noBiasPacked = filledWithNaN(n, m);
            kernels.multiply(a, b, null, noBias);
            kernels.multiplyPacked(a, b, packed, null, noBiasPacked, 0, n);
            assertArrayEquals(noBias.data, noBiasPacked.data, "a·b on b packed once");
            assertThatThrownBy(() -> kernels.pack(b, new double[length - 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs " + length);
            assertThatThrownBy(() -> kernels.multiplyPacked(a, b, new double[length - 1], bias, parts, 0, n))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anEmptyRowRangeWritesNothing() {
        for (String name : new String[] {"scalar", "vector"}) {
            MatrixKernels kernels = MatrixKernels.select(name);
            DMatrixRMaj c = filledWithNaN(6, 5);
            kernels.multiply(random(6, 3, new Random(1)), random(3, 5, new Random(2)), null, c, 4, 4);
            kernels.multiplyTransposeA(random(6, 6, new Random(1)), random(6, 5, new Random(2)), 6, c, 0, 0);
            kernels.multiplyTransposeB(random(6, 3, new Random(1)), random(5, 3, new Random(2)), c, 6, 6);
            assertThat(java.util.Arrays.stream(c.data).allMatch(Double::isNaN)).isTrue();
        }
    }

    @Test
    void theReferenceComputesWholeProductsOnly() {
        DMatrixRMaj a = random(6, 3, new Random(1));
        DMatrixRMaj b = random(3, 5, new Random(2));
        assertThatThrownBy(() -> REFERENCE.multiply(a, b, null, new DMatrixRMaj(6, 5), 0, 3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> REFERENCE.multiplyTransposeA(a, random(6, 5, new Random(3)), 6,
                new DMatrixRMaj(3, 5), 1, 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> REFERENCE.multiplyTransposeB(a, random(5, 3, new Random(3)), new DMatrixRMaj(6, 5),
                2, 6)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector", "ejml"})
    void wrongShapesRangesAndSharedOutputsAreRejected(String name) {
        MatrixKernels kernels = MatrixKernels.select(name);
        DMatrixRMaj a = new DMatrixRMaj(6, 3);
        DMatrixRMaj b = new DMatrixRMaj(3, 5);
        assertThatThrownBy(() -> kernels.multiply(a, b, null, new DMatrixRMaj(6, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c (6, 4)");
        assertThatThrownBy(() -> kernels.multiply(a, b, new DMatrixRMaj(1, 4), new DMatrixRMaj(6, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias (1, 4)");
        assertThatThrownBy(() -> kernels.multiplyTransposeA(a, b, 6, new DMatrixRMaj(3, 5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kernels.multiplyTransposeB(a, b, new DMatrixRMaj(6, 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kernels.columnSums(a, 6, new DMatrixRMaj(1, 4)))
                .isInstanceOf(IllegalArgumentException.class);
        DMatrixRMaj square = new DMatrixRMaj(3, 3);
        assertThatThrownBy(() -> kernels.multiply(square, square, null, square))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share");
        assertThatThrownBy(() -> kernels.multiply(a, b, null, new DMatrixRMaj(6, 5), 2, 7))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> kernels.multiplyTransposeB(a, new DMatrixRMaj(5, 3), new DMatrixRMaj(6, 5), 4, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void selectionKnowsItsNames() {
        assertThat(MatrixKernels.select("scalar").name()).isEqualTo("scalar");
        assertThat(MatrixKernels.select("vector").name()).isEqualTo("vector");
        assertThat(MatrixKernels.select("ejml").name()).isEqualTo("ejml");
        // the tests run with --add-modules jdk.incubator.vector (pom.xml, surefire argLine)
        assertThat(MatrixKernels.select("auto").name()).isEqualTo("vector");
        assertThat(MatrixKernels.select("vector")).isSameAs(MatrixKernels.select("vector"));
        assertThatThrownBy(() -> MatrixKernels.select("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpu");
    }

    /** Consecutive ranges covering [0, rows), of random lengths including empty ones. */
    private static List<int[]> ranges(int rows, Random random) {
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        while (start < rows) {
            int end = Math.min(rows, start + random.nextInt(Math.max(2, rows / 3)));
            ranges.add(new int[] {start, end});
            start = end;
        }
        return ranges;
    }

    private static void assertClose(DMatrixRMaj actual, DMatrixRMaj expected, DMatrixRMaj magnitude) {
        for (int e = 0; e < expected.getNumElements(); e++) {
            double error = Math.abs(actual.data[e] - expected.data[e]);
            // not `error > bound`, which a NaN would pass
            if (!(error <= TOLERANCE * magnitude.data[e])) {
                fail("element (" + e / expected.numCols + ", " + e % expected.numCols + "): " + actual.data[e]
                        + ", expected " + expected.data[e] + " within " + TOLERANCE + " × " + magnitude.data[e]);
            }
        }
    }

    static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int e = 0; e < m.data.length; e++) {
            m.data[e] = random.nextGaussian();
        }
        return m;
    }

    private static DMatrixRMaj filledWithNaN(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        java.util.Arrays.fill(m.data, Double.NaN);
        return m;
    }

    private static DMatrixRMaj abs(DMatrixRMaj m) {
        DMatrixRMaj abs = m.copy();
        for (int e = 0; e < abs.data.length; e++) {
            abs.data[e] = Math.abs(abs.data[e]);
        }
        return abs;
    }

    private static double[] concat(double[]... arrays) {
        return Stream.of(arrays).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
