package io.mlplab.training;

/**
 * The learning rate to use in each epoch. Every optimizer step of an epoch (one per mini-batch) uses
 * that epoch's rate, as a {@code torch.optim.lr_scheduler} stepped once per epoch.
 *
 * <p>The schedules below are the closed forms of PyTorch's schedulers (which mostly update the rate
 * recursively); the two agree to within a few units in the last place (see {@code TorchGoldenTests},
 * which compares every epoch's rate).
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate for {@code epoch} (0-based) of a run of {@code epochs}. */
    double learningRate(int epoch, int epochs);

    /** The seed's schedule: the same rate in every epoch. */
    static LearningRateSchedule constant(double learningRate) {
        return new Constant(learningRate);
    }

    /** The same rate in every epoch (the seed's schedule). */
    record Constant(double learningRate) implements LearningRateSchedule {
        public Constant {
            requireRate("learningRate", learningRate);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            return learningRate;
        }
    }

    /**
     * {@code StepLR}: {@code lr·gamma^⌊epoch / stepSize⌋}.
     *
     * @param stepSize PyTorch's {@code step_size}, epochs between decays (no default in PyTorch)
     * @param gamma    PyTorch's {@code gamma}, default 0.1
     */
    record Step(double learningRate, int stepSize, double gamma) implements LearningRateSchedule {
        /** PyTorch's default decay factor. */
        public static final double DEFAULT_GAMMA = 0.1;

        public Step {
            requireRate("learningRate", learningRate);
            if (stepSize < 1) {
                throw new IllegalArgumentException("stepSize must be at least 1, got " + stepSize);
            }
            requireRate("gamma", gamma);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            return learningRate * Math.pow(gamma, epoch / stepSize);
        }
    }

    /**
     * {@code ExponentialLR}: {@code lr·gamma^epoch}.
     *
     * @param gamma PyTorch's {@code gamma} (no default in PyTorch)
     */
    record Exponential(double learningRate, double gamma) implements LearningRateSchedule {
        public Exponential {
            requireRate("learningRate", learningRate);
            requireRate("gamma", gamma);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            return learningRate * Math.pow(gamma, epoch);
        }
    }

    /**
     * {@code CosineAnnealingLR} with {@code T_max = epochs} and {@code eta_min = minLearningRate}:
     * {@code min + (lr - min)·(1 + cos(π·epoch / epochs)) / 2}. The rate falls from {@code lr} in epoch 0
     * towards {@code min}, which it would reach in the epoch after the last.
     */
    record Cosine(double learningRate, double minLearningRate) implements LearningRateSchedule {
        /** PyTorch's default {@code eta_min}. */
        public static final double DEFAULT_MIN_LEARNING_RATE = 0.0;

        public Cosine {
            requireRate("learningRate", learningRate);
            requireRate("minLearningRate", minLearningRate);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            return cosine(learningRate, minLearningRate, epoch, epochs);
        }
    }

    /**
     * Linear warm-up for {@code warmupEpochs} epochs, then cosine annealing to {@code minLearningRate}
     * over the remaining {@code T = epochs - warmupEpochs} epochs. With {@code W = warmupEpochs}:
     * <pre>
     *   epoch &lt; W:  lr·(epoch + 1) / (W + 1)
     *   epoch ≥ W:  min + (lr - min)·(1 + cos(π·(epoch - W) / T)) / 2
     * </pre>
     * so the rate climbs in equal steps to {@code lr}, reached in epoch {@code W}, where the cosine
     * starts. In PyTorch: {@code SequentialLR([LinearLR(start_factor=1/(W+1), total_iters=W),
     * CosineAnnealingLR(T_max=T, eta_min=min)], milestones=[W])}. Needs {@code W < epochs}.
     */
    record WarmupCosine(double learningRate, int warmupEpochs, double minLearningRate)
            implements LearningRateSchedule {
        /** The rate approached at the end, as {@link Cosine}'s. */
        public static final double DEFAULT_MIN_LEARNING_RATE = Cosine.DEFAULT_MIN_LEARNING_RATE;

        public WarmupCosine {
            requireRate("learningRate", learningRate);
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("warmupEpochs must be at least 0, got " + warmupEpochs);
            }
            requireRate("minLearningRate", minLearningRate);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            if (epoch < warmupEpochs) {
                return learningRate * (epoch + 1) / (warmupEpochs + 1);
            }
            return cosine(learningRate, minLearningRate, epoch - warmupEpochs, epochs - warmupEpochs);
        }
    }

    /**
     * {@code OneCycleLR} with {@code total_steps = epochs}, stepped once per epoch, two phases and
     * cosine annealing, learning rate only ({@code cycle_momentum=False}: the optimizer's momentum is
     * left alone). With {@code initial = max / divFactor}, {@code final = initial / finalDivFactor} and
     * {@code e1 = pctStart·epochs - 1}:
     * <pre>
     *   epoch ≤ e1:  anneal(initial, max, epoch / e1)
     *   otherwise:   anneal(max, final, (epoch - e1) / (epochs - 1 - e1))
     *   anneal(start, end, pct) = end + (start - end) / 2·(cos(π·pct) + 1)
     * </pre>
     * (A phase of zero length, where PyTorch would divide by zero, counts as finished.)
     *
     * @param maxLearningRate PyTorch's {@code max_lr}
     * @param pctStart        PyTorch's {@code pct_start}, default 0.3
     * @param divFactor       PyTorch's {@code div_factor}, default 25
     * @param finalDivFactor  PyTorch's {@code final_div_factor}, default 1e4
     */
    record OneCycle(double maxLearningRate, double pctStart, double divFactor, double finalDivFactor)
            implements LearningRateSchedule {
        /** PyTorch's defaults. */
        public static final double DEFAULT_PCT_START = 0.3;
        public static final double DEFAULT_DIV_FACTOR = 25.0;
        public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

        public OneCycle {
            requireRate("maxLearningRate", maxLearningRate);
            if (!(pctStart > 0 && pctStart < 1)) {
                throw new IllegalArgumentException("pctStart must be strictly between 0 and 1, got " + pctStart);
            }
            if (!(divFactor > 0) || !(finalDivFactor > 0)) {
                throw new IllegalArgumentException("divFactor and finalDivFactor must be positive");
            }
        }

        /** PyTorch's defaults around {@code maxLearningRate}. */
        public OneCycle(double maxLearningRate) {
            this(maxLearningRate, DEFAULT_PCT_START, DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV_FACTOR);
        }

        @Override
        public double learningRate(int epoch, int epochs) {
            double initial = maxLearningRate / divFactor;
            double last = initial / finalDivFactor;
            double end1 = pctStart * epochs - 1;
            if (epoch <= end1) {
                return anneal(initial, maxLearningRate, end1 == 0 ? 1.0 : epoch / end1);
            }
            double length = epochs - 1 - end1;
            return anneal(maxLearningRate, last, length == 0 ? 1.0 : (epoch - end1) / length);
        }

        private static double anneal(double start, double end, double pct) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
    }

    /** {@code min + (max - min)·(1 + cos(π·t / T)) / 2}, in PyTorch's order of operations. */
    private static double cosine(double max, double min, int t, int period) {
        return min + (max - min) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }
}
