package io.mlplab.training.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Cores a job may borrow while fewer jobs run than there are cores: one helper thread per core beyond the
 * first, each lent for one product at a time. A trainer counts itself in while it
 * runs ({@link #jobStarted()}), and a product is split only while some core is idle, so two jobs on two
 * cores each keep their own. Lending allocates nothing: a helper runs a {@link RangeTask} the borrower
 * already holds.
 *
 * <p>A split product is bit-identical to an unsplit one: the kernels compute each output row with the
 * same sums in the same order whatever the range ({@link MatrixKernels}).
 */
public final class SpareCores implements AutoCloseable {

    /** Rows {@code [from, to)} of some product (or the blocks of one it hands out), run on a helper. */
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int cores;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lent = new AtomicLong();
    private final Helper[] helpers;

    /** @param cores the cores of the machine (or of the share the service may use); 1 lends nothing */
    public SpareCores(int cores) {
        this.cores = cores;
        helpers = new Helper[Math.max(0, cores - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper("training-helper-" + (i + 1));
            helpers[i].thread.start();
        }
    }

    public int cores() {
        return cores;
    }

    /** Times a helper was lent so far (once per product shared). */
    public long lent() {
        return lent.get();
    }

    /** Counts a running trainer in; pair with {@link #jobEnded()}. */
    public void jobStarted() {
        running.incrementAndGet();
    }

    public void jobEnded() {
        running.decrementAndGet();
    }

    /** A free helper, claimed for the caller, when some core is idle; else null. Give it back with {@link #finish}. */
    public Helper claim() {
        if (running.get() >= cores) {
            return null;
        }
        for (Helper helper : helpers) {
            if (helper.busy.compareAndSet(false, true)) {
                lent.incrementAndGet();
                return helper;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (Helper helper : helpers) {
            helper.stopped = true;
            LockSupport.unpark(helper.thread);
        }
    }

    /** One helper thread and its hand-off slot. */
    public static final class Helper implements Runnable {
        private final AtomicBoolean busy = new AtomicBoolean();
        private final Thread thread;
        private volatile RangeTask task;
        private volatile boolean done;
        private volatile boolean stopped;
        private int from;
        private int to;
        private Thread borrower;
        private RuntimeException failure;

        Helper(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        /** Hands rows {@code [from, to)} to the helper; the caller then runs its own share and calls {@link #finish}. */
        public void start(RangeTask work, int from, int to) {
            this.from = from;
            this.to = to;
            this.borrower = Thread.currentThread();
            this.failure = null;
            done = false;
            task = work;                 // volatile write: publishes the fields above
            LockSupport.unpark(thread);
        }

        /** Waits for the helper's rows, frees it and rethrows what it threw. */
        public void finish() {
            int spins = 0;
            while (!done) {
                if (++spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            RuntimeException thrown = failure;
            busy.set(false);
            if (thrown != null) {
                throw thrown;
            }
        }

        @Override
        public void run() {
            while (!stopped) {
                RangeTask work = task;
                if (work == null) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    work.run(from, to);
                } catch (RuntimeException e) {
                    failure = e;
                }
                task = null;
                done = true;
                LockSupport.unpark(borrower);
            }
        }
    }
}
