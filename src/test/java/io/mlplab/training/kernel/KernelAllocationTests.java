package io.mlplab.training.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No kernel call allocates once compiled: 2,000 more calls of every operation allocate no more than 1 KiB,
 * on the thread's own allocation counter. For the vector kernels this is the check that C2 keeps every
 * {@code DoubleVector} in registers: each one it failed to would be a 48-byte object per use.
 *
 * <p>Each comparison gets attempts for up to {@link #PATIENCE_NANOS} ({@link #extraBytes}); an allocation per
 * call fails them all. The first test shows the counter does see
 * allocations of this size, so that these tests can fail; and run with {@code -DargLine=-XX:TieredStopAtLevel=1}
 * (C1 only, no escape analysis) the vector tests do fail, with 45 KB to 500 KB per call.
 */
class KernelAllocationTests {

    private static final int CALLS = 2000;

    /** How long the attempts may wait for C2 to compile the kernels again (20 s). */
    private static final long PATIENCE_NANOS = 20_000_000_000L;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void enableCounter() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    private static volatile Object sink;

    @Test
    void theCounterSeesAnAllocationOfOneSmallObjectPerCall() {
        long allocated = extraBytes(() -> sink = new double[2], 0);   // 32 bytes with its header
        assertThat(allocated).isGreaterThanOrEqualTo(CALLS * 24L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector"})
    void matrixKernelsAllocateNothingPerCall(String name) {
        MatrixKernels kernels = MatrixKernels.select(name);
        Random random = new Random(71);
        // (37, 13, 11) has a tail in every tiled dimension; (400, 16, 32) is a study layer; (61, 130, 70) runs
        // packed, with 4 rows of aᵀ·b in a padded sliver and columns beyond the last panel
        for (int[] shape : new int[][] {{37, 13, 11}, {400, 16, 32}, {61, 130, 70}}) {
            int n = shape[0];
            int k = shape[1];
            int m = shape[2];
            DMatrixRMaj a = MatrixKernelsTests.random(n, k, random);     // (n, k)
            DMatrixRMaj w = MatrixKernelsTests.random(k, m, random);     // (k, m)
            DMatrixRMaj bias = MatrixKernelsTests.random(1, m, random);  // (1, m)
            DMatrixRMaj dz = MatrixKernelsTests.random(n, m, random);    // (n, m)
            DMatrixRMaj z = new DMatrixRMaj(n, m);
            DMatrixRMaj dw = new DMatrixRMaj(k, m);
            DMatrixRMaj da = new DMatrixRMaj(n, k);
            DMatrixRMaj db = new DMatrixRMaj(1, m);
            double[] packed = new double[kernels.packedLength(a, w)];
            Runnable step = () -> {
                kernels.multiply(a, w, bias, z);
                kernels.multiply(a, w, null, z, 1, n - 1);
                if (packed.length > 0) {
                    kernels.pack(w, packed);
                }
                kernels.multiplyPacked(a, w, packed, bias, z, 0, n);
                kernels.multiplyTransposeA(a, dz, n, dw);
                kernels.multiplyTransposeB(dz, w, da);
                kernels.columnSums(dz, n, db);
            };
            assertThat(extraBytes(step, PATIENCE_NANOS))
                    .as("bytes allocated by %d calls of each, shape %d, %d, %d", CALLS, n, k, m)
                    .isLessThan(1024);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scalar", "vector", "auto"})
    void elementwiseKernelsAllocateNothingPerCall(String name) {
        ElementwiseKernels kernels = ElementwiseKernels.select(name);
        double[] z = new double[401];              // not a multiple of 4: the tail too
        Random random = new Random(73);
        for (int i = 0; i < z.length; i++) {
            z[i] = 5 * random.nextGaussian();
        }
        double[] out = new double[z.length];
        double[] dZ = new double[z.length];
        Runnable step = () -> {
            kernels.sigmoid(z, out, 0, z.length);
            kernels.tanh(z, out, 3, z.length);
            kernels.relu(z, out, 1, z.length);
            kernels.reluBackward(z, out, dZ, 0, z.length - 2);
        };
        assertThat(extraBytes(step, PATIENCE_NANOS)).as("bytes allocated by %d calls of each", CALLS).isLessThan(1024);
    }

    /**
     * Bytes allocated by {@link #CALLS} runs of the step after a warm-up; the least of the attempts made within
     * {@code patience} nanoseconds (at least ten). C2 compiles the kernels in the background, and a path taken for
     * the first time (a first reduction block, a tail) sends a kernel back to C1 code, whose vectors are boxed,
     * until C2 has compiled it again, seconds later on a loaded machine; an allocation per call fails every
     * attempt.
     */
    private static long extraBytes(Runnable step, long patience) {
        for (int i = 0; i < 5 * CALLS; i++) {     // warm-up: class loading, then C1 and C2 compilation
            step.run();
        }
        long least = Long.MAX_VALUE;
        long start = System.nanoTime();
        int attempt = 0;
        for (; least >= 1024 && (attempt < 10 || System.nanoTime() - start < patience); attempt++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                step.run();
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        System.out.printf("allocated by %d calls: %d bytes (least of %d attempts in %.1f s)%n", CALLS, least, attempt,
                (System.nanoTime() - start) / 1e9);
        return least;
    }
}
