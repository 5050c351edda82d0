package io.mlplab.training;

import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.ElementwiseKernels;
import io.mlplab.training.kernel.MatrixKernels;
import io.mlplab.training.kernel.SpareCores;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;

/**
 * Every matrix product of a trainer's passes, and the one place that checks for a stop inside an epoch.
 * A product runs in blocks of output rows of about {@link #BLOCK_WORK} multiply-adds (at least
 * {@link #ROW_GRANULE} rows), with the control asked before each, so a cancel or a timeout takes effect
 * within a few milliseconds of work whatever the job's size. While a core is idle ({@link SpareCores}), a
 * product large enough to pay for the hand-off is shared with a helper: both threads take the next block
 * until none is left (a shared a·b is cut into at least {@link #SHARED_BLOCKS}, an aᵀ·b in two), so the faster one does
 * more and the product costs one hand-off, not one per block. Every output row is computed by the same sums either way, so the
 * result is the same to the last bit. One per trainer.
 */
final class Products {

    /**
     * Multiply-adds between two stop checks: 2-4 ms on one core at the vector kernels' 50-100 GFLOP/s. An a·b
     * in several blocks packs b (the weights) once for all of them ({@link MatrixKernels#pack}).
     */
    static final long BLOCK_WORK = 100_000_000L;
    /**
     * The same for {@code Aᵀ·B}, ten times larger: every block of its output rows streams (and the vector
     * kernel packs) all of {@code B}, the batch's {@code dZ}, often larger than the caches, once more, where
     * A·B (forward, and dX = dZ·Wᵀ) re-reads only the weights. About 20-40 ms of work, which keeps the
     * re-reading to a few per cent and a cancel still well within 100 ms.
     */
    static final long TRANSPOSE_A_BLOCK_WORK = 10 * BLOCK_WORK;
    /**
     * Blocks (and the halves of a split block) are whole multiples of this many rows: the kernels' tiles are
     * 6 rows high (3 for {@code A·Bᵀ}), and a block cut mid-tile would run in their slow one-row tails.
     */
    static final int ROW_GRANULE = 6;
    /**
     * The least multiply-adds of a product worth sharing with a helper: waking it and waiting for it cost
     * 5-10 µs (a park/unpark round trip, measured on the 2-core virtual machine), a few hundred thousand
     * multiply-adds at the vector kernels' speed.
     */
    static final long SPLIT_WORK = 1_000_000L;
    /**
     * The most bytes of c in a block when an {@link Epilogue} follows the product: about half of this machine's
     * 512 KiB of L2 per core, so the epilogue reads the block from the cache that the product's last reduction
     * steps left it in (128 rows of a 256-wide layer). But never less than b's bytes: every block streams all
     * of b (packed) through the cache once more, and 60-row blocks of a 512 × 512 layer measured 10 % slower
     * than 378-row ones for that.
     */
    static final int EPILOGUE_BLOCK_BYTES = 256 * 1024;
    /** The fewest blocks a shared a·b is cut into. */
    static final int SHARED_BLOCKS = 8;

    private enum Op { MULTIPLY, TRANSPOSE_A }

    /**
     * What is done to a block of an a·b's output rows as soon as their sums are complete, on the thread that
     * computed them and while they are in its cache: an activation, or the derivative of the layer below. Its
     * elements {@code [from, to)} of c's row-major data; it must give each element a value that does not
     * depend on the range (the element-wise kernels do), so the result is the same to the last bit however
     * the product is cut. It must not share the job thread's scratch: it may run on a helper.
     */
    interface Epilogue {
        void apply(int from, int to);
    }

    private final MatrixKernels kernels;
    private final ElementwiseKernels elementwise;
    private final ElementwiseKernels blockElementwise;
    private final SpareCores cores;
    /** The EJML reference computes whole products only. */
    private final boolean ranges;
    /** Asked before each block of work; a stop throws {@link Stopped}. */
    private TrainingControl control = TrainingControl.NEVER;

    // the product in progress, for the helper that runs part of it
    private Op op;
    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj bias;
    private DMatrixRMaj c;
    private Epilogue epilogue;
    private double divisor;
    private int blockRows;
    private int blocks;
    /** b of the a·b in progress packed once for all its blocks, or null; grown (only) for a larger b. */
    private double[] packed;
    private double[] packing = new double[0];
    /** The next block of the product in progress to take, by either thread. */
    private final AtomicInteger nextBlock = new AtomicInteger();
    /** Set by the job's thread when it stops: the helper takes no more blocks. */
    private volatile boolean stopping;
    /** What a helper runs: blocks of the product in progress until none is left. */
    private final SpareCores.RangeTask helperWork = (from, to) -> takeBlocks();

    Products(Compute compute) {
        kernels = compute.kernels();
        cores = compute.cores();
        blockElementwise = compute.elementwise();
        elementwise = cores == null ? blockElementwise : new SharedPasses(blockElementwise, cores);
        ranges = !kernels.name().equals("ejml");
    }

    /**
     * The activations' kernels, which go with the products': with spare cores, the passes over a large matrix
     * shared with a helper as well.
     */
    ElementwiseKernels elementwise() {
        return elementwise;
    }

    /** The element-wise kernels as they are, for an {@link Epilogue}: it runs on one thread, on one block. */
    ElementwiseKernels blockElementwise() {
        return blockElementwise;
    }

    void watch(TrainingControl control) {
        this.control = control;
    }

    /** {@code c = a·b + bias}: a (n, k), b (k, m), bias (1, m) added to every row, c (n, m). */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c) {
        mult(a, b, bias, c, null);
    }

    /**
     * {@code c = a·b + bias}, then {@code then} on each block of c's rows as it is finished (null for
     * nothing): one pass over c for the sums, the bias and what follows them.
     */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, Epilogue then) {
        epilogue = then;
        try {
            run(Op.MULTIPLY, a, b, bias, c, a.numCols);
        } finally {
            epilogue = null;
        }
    }

    /** {@code c = aᵀ·b / divisor}: a (n, k), b (n, m), c (k, m). */
    void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, double divisor) {
        this.divisor = divisor;
        run(Op.TRANSPOSE_A, a, b, null, c, a.numRows);
    }

    /** {@code c = Σ_rows a / divisor}: a (n, m), c (1, m). */
    void columnSums(DMatrixRMaj a, DMatrixRMaj c, double divisor) {
        kernels.columnSums(a, divisor, c);
    }

    /**
     * Runs one product in blocks of c's rows, checking for a stop before each block.
     *
     * @param reduction the length of each output element's sum: with c's columns, the work per row of c
     */
    private void run(Op op, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj bias, DMatrixRMaj c, int reduction) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.bias = bias;
        this.c = c;
        int rows = c.numRows;
        long rowWork = Math.max(1L, (long) reduction * c.numCols);
        if (!ranges) {
            checkStop();
            run(0, rows);
            if (epilogue != null) {
                epilogue.apply(0, rows * c.numCols);
            }
            return;
        }
        long blockWork = op == Op.TRANSPOSE_A ? TRANSPOSE_A_BLOCK_WORK : BLOCK_WORK;
        int granules = (rows + ROW_GRANULE - 1) / ROW_GRANULE;
        blockRows = (int) Math.min(rows, Math.max(ROW_GRANULE, blockWork / rowWork / ROW_GRANULE * ROW_GRANULE));
        if (epilogue != null) {
            long blockBytes = Math.max(EPILOGUE_BLOCK_BYTES, (long) Double.BYTES * b.getNumElements());
            long cacheRows = blockBytes / ((long) Double.BYTES * Math.max(1, c.numCols));
            if (cacheRows < rows) {
                blockRows = (int) Math.min(blockRows, Math.max(ROW_GRANULE, cacheRows / ROW_GRANULE * ROW_GRANULE));
            }
        }
        SpareCores.Helper helper = cores != null && granules >= 2 && rows * rowWork >= SPLIT_WORK
                ? cores.claim() : null;
        if (helper != null) {
            // a·b in at least SHARED_BLOCKS blocks, so that the thread that gets ahead (the other core may be
            // busy, or the helper late to wake) takes more of them and neither waits long for the other at the
            // end; aᵀ·b in halves at least, since each of its blocks reads all of b again
            int parts = op == Op.MULTIPLY ? SHARED_BLOCKS : 2;
            blockRows = Math.min(blockRows, (granules + parts - 1) / parts * ROW_GRANULE);
        }
        blocks = (rows + blockRows - 1) / blockRows;
        packed = null;
        if (op == Op.MULTIPLY && blocks > 1) {
            int length = kernels.packedLength(a, b);
            if (length > 0) {
                if (packing.length < length) {
                    packing = new double[length];
                }
                kernels.pack(b, packing);       // before the helper starts: its start publishes the writes
                packed = packing;
            }
        }
        nextBlock.set(0);
        if (helper == null) {
            for (int block = 0; block < blocks; block++) {
                checkStop();
                runBlock(block);
            }
            return;
        }
        stopping = false;
        helper.start(helperWork, 0, rows);
        boolean stopped = false;
        try {
            for (int block; (block = nextBlock.getAndIncrement()) < blocks; ) {
                if (control.shouldStop()) {
                    stopped = true;
                    break;
                }
                runBlock(block);
            }
        } finally {
            stopping = true;         // after a stop or a failure here, the helper takes no more blocks
            helper.finish();
        }
        if (stopped) {
            throw Stopped.INSTANCE;
        }
    }

    // on the helper: blocks of the product in progress until none is left or the job's thread stops
    private void takeBlocks() {
        for (int block; !stopping && (block = nextBlock.getAndIncrement()) < blocks; ) {
            runBlock(block);
        }
    }

    private void runBlock(int block) {
        int from = block * blockRows;
        int to = Math.min(c.numRows, from + blockRows);
        run(from, to);
        if (epilogue != null) {
            epilogue.apply(from * c.numCols, to * c.numCols);
        }
    }

    /** Rows {@code [from, to)} of the product in progress. */
    private void run(int from, int to) {
        switch (op) {
            case MULTIPLY -> {
                if (packed != null) {
                    kernels.multiplyPacked(a, b, packed, bias, c, from, to);
                } else {
                    kernels.multiply(a, b, bias, c, from, to);
                }
            }
            case TRANSPOSE_A -> kernels.multiplyTransposeA(a, b, divisor, c, from, to);
        }
    }

    private void checkStop() {
        if (control.shouldStop()) {
            throw Stopped.INSTANCE;
        }
    }

    /**
     * Element-wise passes of at least {@link #MIN_ELEMENTS} elements in two halves, the upper one on a helper
     * while a core is idle: an element's value never depends on the range it is computed in
     * ({@link ElementwiseKernels}), so the result is the same to the last bit. On the job's thread only.
     */
    private static final class SharedPasses implements ElementwiseKernels, SpareCores.RangeTask {

        /** About 50-100 µs of the sigmoid on one core, ten times the hand-off. */
        static final int MIN_ELEMENTS = 65_536;

        private enum Pass { SIGMOID, TANH, RELU, RELU_BACKWARD }

        private final ElementwiseKernels kernels;
        private final SpareCores cores;
        // the pass in progress, for the helper
        private Pass pass;
        private double[] x;
        private double[] y;
        private double[] out;

        SharedPasses(ElementwiseKernels kernels, SpareCores cores) {
            this.kernels = kernels;
            this.cores = cores;
        }

        @Override
        public String name() {
            return kernels.name();
        }

        @Override
        public void sigmoid(double[] z, double[] out, int from, int to) {
            share(Pass.SIGMOID, z, null, out, from, to);
        }

        @Override
        public void tanh(double[] z, double[] out, int from, int to) {
            share(Pass.TANH, z, null, out, from, to);
        }

        @Override
        public void relu(double[] z, double[] out, int from, int to) {
            share(Pass.RELU, z, null, out, from, to);
        }

        @Override
        public void reluBackward(double[] z, double[] dA, double[] dZ, int from, int to) {
            share(Pass.RELU_BACKWARD, z, dA, dZ, from, to);
        }

        private void share(Pass pass, double[] x, double[] y, double[] out, int from, int to) {
            this.pass = pass;
            this.x = x;
            this.y = y;
            this.out = out;
            SpareCores.Helper helper = to - from >= MIN_ELEMENTS ? cores.claim() : null;
            if (helper == null) {
                run(from, to);
                return;
            }
            int middle = from + (to - from) / 2 / 64 * 64;      // on a cache line, at a whole vector
            helper.start(this, middle, to);
            try {
                run(from, middle);
            } finally {
                helper.finish();
            }
        }

        /** Elements {@code [from, to)} of the pass in progress. */
        @Override
        public void run(int from, int to) {
            switch (pass) {
                case SIGMOID -> kernels.sigmoid(x, out, from, to);
                case TANH -> kernels.tanh(x, out, from, to);
                case RELU -> kernels.relu(x, out, from, to);
                case RELU_BACKWARD -> kernels.reluBackward(x, y, out, from, to);
            }
        }
    }

    /** Thrown out of a pass when the control says stop; caught by the trainer, never seen outside. */
    static final class Stopped extends RuntimeException {
        static final Stopped INSTANCE = new Stopped();

        private Stopped() {
            super("stopped", null, false, false);
        }
    }
}
