package io.mlplab.training.kernel;

/**
 * How far along the reduction dimension a kernel runs before moving to the next output tile. The output
 * tiles' partial sums go back to c between blocks and are picked up again in the same order, so blocking
 * changes where the sums wait, never their order or rounding.
 */
final class Blocking {

    /**
     * Bytes of the inputs one reduction block touches, aimed at half of this machine's 512 KiB L2 per core:
     * big enough that the store and reload of each output tile per block are noise, small enough that the
     * block stays cached while every output tile sweeps it.
     */
    private static final int BLOCK_BYTES = 256 * 1024;

    /** Blocks are never shorter than this many steps, for wide matrices. */
    private static final int MIN_STEPS = 16;

    private Blocking() {
    }

    /** The block length in reduction steps when each step reads {@code doublesPerStep} doubles. */
    static int reductionSteps(int doublesPerStep) {
        return Math.max(MIN_STEPS, BLOCK_BYTES / (Double.BYTES * Math.max(1, doublesPerStep)));
    }
}
