package io.mlplab.bench;

import io.mlplab.training.kernel.ElementwiseKernels;
import io.mlplab.training.kernel.MatrixKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * GFLOP/s of the three products of a dense layer, per kernel (ejml, scalar, vector), on the study's small
 * layers and three large ones, {@code dA} both as the a·bᵀ kernel and as the training computes it ({@code Wᵀ}
 * copied, then a·b); then the element-wise sigmoid, tanh and ReLU (and its gradient), scalar against vector. Each figure is
 * the median of several timed repetitions after a warm-up, on the thread's CPU time (which other processes
 * on a shared machine disturb far less than wall time); a repetition repeats the call until it has run
 * ~40 ms. Run: {@code tools/bench/kernel-speed.sh [repetitions]}.
 */
public final class KernelSpeed {

    /** (n, k, m): a layer of k inputs and m outputs on a batch of n. */
    private static final List<int[]> SHAPES = List.of(new int[] {400, 8, 16}, new int[] {400, 16, 32},
            new int[] {400, 32, 16}, new int[] {400, 16, 8}, new int[] {20000, 64, 256}, new int[] {8000, 128, 512},
            new int[] {8000, 512, 512});

    private static final List<String> KERNELS = List.of("ejml", "scalar", "vector");

    private static final long TARGET_NANOS = 40_000_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        warmUp();
        System.out.printf("%-22s %-16s %9s %9s %9s %14s%n", "shape (n, k, m)", "product", "ejml", "scalar",
                "vector", "vector/ejml");
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int k = shape[1];
            int m = shape[2];
            Random random = new Random(42);
            DMatrixRMaj x = random(n, k, random);       // layer input A (n, k)
            DMatrixRMaj w = random(k, m, random);       // weights W (k, m)
            DMatrixRMaj bias = random(1, m, random);    // bias (1, m)
            DMatrixRMaj dz = random(n, m, random);      // dZ (n, m)
            DMatrixRMaj z = new DMatrixRMaj(n, m);      // Z = A·W + b (n, m)
            DMatrixRMaj dw = new DMatrixRMaj(k, m);     // dW = Aᵀ·dZ / n (k, m)
            DMatrixRMaj da = new DMatrixRMaj(n, k);     // dA = dZ·Wᵀ (n, k)
            double flops = 2.0 * n * k * m;
            String label = String.format(Locale.ROOT, "(%d, %d, %d)", n, k, m);
            DMatrixRMaj wT = new DMatrixRMaj(m, k);     // Wᵀ (m, k)
            String[] products = {"Z = A·W + b", "dW = Aᵀ·dZ / n", "dA = dZ·Wᵀ", "dA = dZ·(Wᵀ)"};
            for (int product = 0; product < products.length; product++) {
                double[] gflops = new double[KERNELS.size()];
                for (int kernel = 0; kernel < KERNELS.size(); kernel++) {
                    MatrixKernels kernels = MatrixKernels.select(KERNELS.get(kernel));
                    Runnable call = switch (product) {
                        case 0 -> () -> kernels.multiply(x, w, bias, z);
                        case 1 -> () -> kernels.multiplyTransposeA(x, dz, n, dw);
                        case 2 -> () -> kernels.multiplyTransposeB(dz, w, da);
                        // as the training computes it (LinearLayer): W transposed, then the a·b kernel
                        default -> () -> {
                            transpose(w, wT);
                            kernels.multiply(dz, wT, null, da);
                        };
                    };
                    gflops[kernel] = flops / medianNanosPerCall(call, repetitions);
                }
                System.out.printf(Locale.ROOT, "%-22s %-16s %9.1f %9.1f %9.1f %14.2f%n", label, products[product],
                        gflops[0], gflops[1], gflops[2], gflops[2] / gflops[0]);
            }
        }

        System.out.println();
        System.out.printf("%-22s %-16s %9s %9s %14s%n", "elements", "function", "scalar", "vector", "vector/scalar");
        ElementwiseKernels scalar = ElementwiseKernels.select("scalar");
        ElementwiseKernels vector = ElementwiseKernels.select("vector");
        for (int size : new int[] {400 * 16, 8000 * 512}) {
            double[] in = new double[size];
            double[] out = new double[size];
            Random random = new Random(7);
            for (int e = 0; e < size; e++) {
                in[e] = 4 * random.nextGaussian();
            }
            double sigmoidScalar = size / medianNanosPerCall(() -> scalar.sigmoid(in, out, 0, size), repetitions);
            double sigmoidVector = size / medianNanosPerCall(() -> vector.sigmoid(in, out, 0, size), repetitions);
            double tanhScalar = size / medianNanosPerCall(() -> scalar.tanh(in, out, 0, size), repetitions);
            double tanhVector = size / medianNanosPerCall(() -> vector.tanh(in, out, 0, size), repetitions);
            System.out.printf(Locale.ROOT, "%-22d %-16s %9.3f %9.3f %14.2f%n", size, "sigmoid (G/s)", sigmoidScalar,
                    sigmoidVector, sigmoidVector / sigmoidScalar);
            System.out.printf(Locale.ROOT, "%-22d %-16s %9.3f %9.3f %14.2f%n", size, "tanh (G/s)", tanhScalar,
                    tanhVector, tanhVector / tanhScalar);
            double reluScalar = size / medianNanosPerCall(() -> scalar.relu(in, out, 0, size), repetitions);
            double reluVector = size / medianNanosPerCall(() -> vector.relu(in, out, 0, size), repetitions);
            double gradScalar = size / medianNanosPerCall(() -> scalar.reluBackward(in, in, out, 0, size), repetitions);
            double gradVector = size / medianNanosPerCall(() -> vector.reluBackward(in, in, out, 0, size), repetitions);
            System.out.printf(Locale.ROOT, "%-22d %-16s %9.3f %9.3f %14.2f%n", size, "relu (G/s)", reluScalar,
                    reluVector, reluVector / reluScalar);
            System.out.printf(Locale.ROOT, "%-22d %-16s %9.3f %9.3f %14.2f%n", size, "relu' (G/s)", gradScalar,
                    gradVector, gradVector / gradScalar);
        }
    }

    /**
     * Every kernel's every product through C2 before anything is timed, on a layer with tails in every tiled
     * dimension: the Vector API runs ~1000 times slower until C2 has compiled it, and a compilation still
     * under way during the first shape's short warm-up would land in its figures.
     */
    private static void warmUp() {
        Random random = new Random(1);
        DMatrixRMaj x = random(67, 41, random);         // A (n, k)
        DMatrixRMaj w = random(41, 29, random);         // W (k, m)
        DMatrixRMaj bias = random(1, 29, random);       // (1, m)
        DMatrixRMaj dz = random(67, 29, random);        // dZ (n, m)
        DMatrixRMaj z = new DMatrixRMaj(67, 29);
        DMatrixRMaj dw = new DMatrixRMaj(41, 29);
        DMatrixRMaj da = new DMatrixRMaj(67, 41);
        for (String name : KERNELS) {
            MatrixKernels kernels = MatrixKernels.select(name);
            for (int i = 0; i < 20_000; i++) {
                kernels.multiply(x, w, bias, z);
                kernels.multiplyTransposeA(x, dz, 67, dw);
                kernels.multiplyTransposeB(dz, w, da);
            }
        }
        // the element-wise kernels too, on a length with a tail: their short calls at the smaller size would
        // otherwise be timed while C2 is still compiling them (the vector sigmoid measured 0.003 G/s there)
        double[] in = random(1, 6401, random).data;
        double[] out = new double[in.length];
        for (String name : List.of("scalar", "vector")) {
            ElementwiseKernels kernels = ElementwiseKernels.select(name);
            for (int i = 0; i < 5_000; i++) {
                kernels.sigmoid(in, out, 0, in.length);
                kernels.tanh(in, out, 0, in.length);
                kernels.relu(in, out, 0, in.length);
                kernels.reluBackward(in, in, out, 0, in.length);
            }
        }
    }

    /** {@code t = mᵀ}: m (k, m), t (m, k); the loop LinearLayer transposes its weights with. */
    private static void transpose(DMatrixRMaj m, DMatrixRMaj t) {
        int rows = m.numRows;
        int cols = m.numCols;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = m.data[i * cols + j];
            }
        }
    }

    /** Median over the repetitions of CPU nanoseconds per call, after a warm-up of as many repetitions. */
    private static double medianNanosPerCall(Runnable call, int repetitions) {
        long start = THREADS.getCurrentThreadCpuTime();
        int calls = 0;
        // warm-up, which also finds how many calls take TARGET_NANOS
        while (THREADS.getCurrentThreadCpuTime() - start < TARGET_NANOS * repetitions / 2 || calls < 3) {
            call.run();
            calls++;
        }
        long perCall = Math.max(1, (THREADS.getCurrentThreadCpuTime() - start) / calls);
        int callsPerRepetition = (int) Math.max(1, TARGET_NANOS / perCall);
        double[] nanos = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int c = 0; c < callsPerRepetition; c++) {
                call.run();
            }
            nanos[r] = (double) (THREADS.getCurrentThreadCpuTime() - t0) / callsPerRepetition;
        }
        Arrays.sort(nanos);
        return nanos[repetitions / 2];
    }

    private static DMatrixRMaj random(int rows, int cols, Random random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int e = 0; e < m.data.length; e++) {
            m.data[e] = random.nextGaussian();
        }
        return m;
    }
}
