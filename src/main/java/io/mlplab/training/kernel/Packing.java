package io.mlplab.training.kernel;

/**
 * Scratch for the packed operands of the vector kernels: one array per thread, grown (only) when a call
 * needs more, so that a thread allocates on its first call of a shape larger than any before and never
 * again. The kernels are stateless singletons shared by threads; each thread packs into its own array.
 * Packing changes where the operands lie, never the order of the sums.
 */
final class Packing {

    /** The most bytes of packed b per reduction block (in L2 or L3; each panel of it, in L1). */
    private static final int BLOCK_BYTES = 2 * 1024 * 1024;

    /** Blocks are never shorter than this many steps. */
    private static final int MIN_STEPS = 16;

    /**
     * The most bytes of one panel of b, which stays in L1 while the tiles of a block of rows pass over it:
     * 16 KiB, 256 steps of an 8-column panel (AVX2) or 128 of a 16-column one (AVX-512), with room beside it
     * for the packed rows of a that stream through (for 8 columns 128 and 384 steps measured no faster).
     */
    private static final int PANEL_BYTES = 16 * 1024;

    /**
     * Rows of c per block, a multiple of the tiles' 6: their slivers of a, 48 × up to 256 doubles (96 KiB),
     * stay in L2 while every panel of b passes over them (with 8-column panels 96 measured about the same,
     * 192 slower).
     */
    static final int ROWS = 48;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][]);

    private Packing() {
    }

    /** The reduction block length when the packed panels, {@code width} columns each, hold {@code columns} of b. */
    static int steps(int columns, int width) {
        int panelSteps = PANEL_BYTES / (Double.BYTES * width);
        return Math.max(MIN_STEPS, Math.min(panelSteps, BLOCK_BYTES / (Double.BYTES * Math.max(1, columns))));
    }

    /** This thread's scratch array, at least {@code length} long. */
    static double[] buffer(int length) {
        double[][] holder = SCRATCH.get();
        double[] buffer = holder[0];
        if (buffer == null || buffer.length < length) {
            buffer = new double[Math.max(length, buffer == null ? 0 : buffer.length + buffer.length / 2)];
            holder[0] = buffer;
        }
        return buffer;
    }
}
