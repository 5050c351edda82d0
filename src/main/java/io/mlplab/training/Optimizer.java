package io.mlplab.training;

import org.ejml.data.DMatrixRMaj;

/**
 * Updates parameters from their gradients. Parameters and gradients come as parallel arrays in the
 * network's order ({@code W0, b0, W1, b1, …}); an optimizer with state sizes it once, in its factory.
 *
 * <p>Every optimizer here follows {@code torch.optim} (single-tensor code path, version 1.13) in its
 * semantics, its defaults and the order of its floating-point operations, with {@code lr} taken from the
 * schedule at each step. The records are the settings (each a {@link Factory}); the state lives in the
 * object {@link Factory#create} returns. Shapes: every state matrix has its parameter's shape.
 */
public interface Optimizer {

    /** One update of every parameter: {@code params[i] ← update(params[i], grads[i])}. */
    void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate);

    /** Creates an optimizer for the given parameters (their shapes size its state). */
    @FunctionalInterface
    interface Factory {
        Optimizer create(DMatrixRMaj[] params);
    }

    /**
     * {@code torch.optim.SGD}: with {@code g = grad + weightDecay·p},
     * <pre>
     *   buf = g                                     (first step)
     *   buf = momentum·buf + (1 - dampening)·g      (later steps)
     *   d = nesterov ? g + momentum·buf : buf       (d = g when momentum is 0)
     *   p = p - lr·d
     * </pre>
     * {@code new Sgd()} is the seed's plain gradient descent, {@code p ← p - lr·g}, bit for bit. Without
     * momentum the update keeps no state and this record steps by itself; with momentum
     * {@link #create} returns an optimizer holding one buffer per parameter.
     *
     * @param momentum    PyTorch's {@code momentum}, default 0
     * @param dampening   PyTorch's {@code dampening}, default 0
     * @param nesterov    PyTorch's {@code nesterov}, default false; needs momentum and no dampening
     * @param weightDecay PyTorch's {@code weight_decay} (L2 added to the gradient), default 0
     */
    record Sgd(double momentum, double dampening, boolean nesterov, double weightDecay)
            implements Optimizer, Factory {

        /** PyTorch's defaults, the seed's plain gradient descent. */
        public static final Sgd DEFAULTS = new Sgd(0, 0, false, 0);

        public Sgd {
            requireAtLeastZero("momentum", momentum);
            requireAtLeastZero("weightDecay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("nesterov needs a positive momentum and zero dampening");
            }
        }

        /** The seed's plain gradient descent. */
        public Sgd() {
            this(DEFAULTS.momentum, DEFAULTS.dampening, DEFAULTS.nesterov, DEFAULTS.weightDecay);
        }

        @Override
        public Optimizer create(DMatrixRMaj[] params) {
            return momentum == 0 ? this : new WithMomentum(this, params);
        }

        /** The update without momentum; with momentum, use the optimizer {@link #create} returns. */
        @Override
        public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
            if (momentum != 0) {
                throw new IllegalStateException("SGD with momentum keeps state: step the optimizer create() returns");
            }
            for (int j = 0; j < params.length; j++) {
                double[] p = params[j].data;
                double[] g = grads[j].data;
                for (int i = 0; i < params[j].getNumElements(); i++) {
                    // p = p - lr·(g + wd·p)
                    double d = weightDecay == 0 ? g[i] : g[i] + weightDecay * p[i];
                    p[i] -= learningRate * d;
                }
            }
        }

        private static final class WithMomentum implements Optimizer {
            private final Sgd settings;
            private final DMatrixRMaj[] buf;
            private boolean first = true;

            WithMomentum(Sgd settings, DMatrixRMaj[] params) {
                this.settings = settings;
                buf = zerosLike(params, 0.0);
            }

            @Override
            public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
                double momentum = settings.momentum;
                double keep = 1 - settings.dampening;
                double wd = settings.weightDecay;
                boolean nesterov = settings.nesterov;
                for (int j = 0; j < params.length; j++) {
                    double[] p = params[j].data;
                    double[] g = grads[j].data;
                    double[] b = buf[j].data;
                    for (int i = 0; i < params[j].getNumElements(); i++) {
                        // g = g + wd·p ; buf = momentum·buf + (1 - dampening)·g (buf = g at first) ; p -= lr·d
                        double gi = wd == 0 ? g[i] : g[i] + wd * p[i];
                        b[i] = first ? gi : b[i] * momentum + keep * gi;
                        double d = nesterov ? gi + momentum * b[i] : b[i];
                        p[i] += -learningRate * d;
                    }
                }
                first = false;
            }
        }
    }

    /**
     * {@code torch.optim.Adam} (no amsgrad): at step {@code t} (from 1), with {@code g = grad + weightDecay·p},
     * <pre>
     *   m = beta1·m + (1 - beta1)·g ;  v = beta2·v + (1 - beta2)·g²
     *   p = p - (lr / (1 - beta1^t))·m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
     * </pre>
     *
     * @param beta1       PyTorch's {@code betas[0]}, default 0.9
     * @param beta2       PyTorch's {@code betas[1]}, default 0.999
     * @param eps         PyTorch's {@code eps}, default 1e-8
     * @param weightDecay PyTorch's {@code weight_decay}, L2 added to the gradient, default 0
     */
    record Adam(double beta1, double beta2, double eps, double weightDecay) implements Factory {
        /** PyTorch's defaults. */
        public static final Adam DEFAULTS = new Adam(0.9, 0.999, 1e-8, 0);

        public Adam {
            requireBeta("beta1", beta1);
            requireBeta("beta2", beta2);
            requireAtLeastZero("eps", eps);
            requireAtLeastZero("weightDecay", weightDecay);
        }

        /** PyTorch's defaults. */
        public Adam() {
            this(DEFAULTS.beta1, DEFAULTS.beta2, DEFAULTS.eps, DEFAULTS.weightDecay);
        }

        @Override
        public Optimizer create(DMatrixRMaj[] params) {
            return new Moments(beta1, beta2, eps, weightDecay, false, params);
        }

        /** The state of {@link Adam} and {@link AdamW}: first and second moments and the step count. */
        private static final class Moments implements Optimizer {
            private final double beta1;
            private final double beta2;
            private final double eps;
            private final double weightDecay;
            private final boolean decoupled;
            private final DMatrixRMaj[] m;
            private final DMatrixRMaj[] v;
            private long t;

            Moments(double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                    DMatrixRMaj[] params) {
                this.beta1 = beta1;
                this.beta2 = beta2;
                this.eps = eps;
                this.weightDecay = weightDecay;
                this.decoupled = decoupled;
                m = zerosLike(params, 0.0);
                v = zerosLike(params, 0.0);
            }

            @Override
            public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
                t++;
                double stepSize = learningRate / (1 - Math.pow(beta1, t));
                double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
                double shrink = 1 - learningRate * weightDecay;
                for (int j = 0; j < params.length; j++) {
                    double[] p = params[j].data;
                    double[] g = grads[j].data;
                    double[] mj = m[j].data;
                    double[] vj = v[j].data;
                    for (int i = 0; i < params[j].getNumElements(); i++) {
                        double gi = g[i];
                        if (decoupled) {
                            // AdamW: p = p·(1 - lr·wd)
                            p[i] *= shrink;
                        } else if (weightDecay != 0) {
                            // Adam: g = g + wd·p
                            gi = gi + weightDecay * p[i];
                        }
                        // m = beta1·m + (1 - beta1)·g ; v = beta2·v + (1 - beta2)·g²
                        mj[i] = mj[i] * beta1 + (1 - beta1) * gi;
                        vj[i] = vj[i] * beta2 + (1 - beta2) * gi * gi;
                        // p = p - stepSize·m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
                        double denom = Math.sqrt(vj[i]) / correction2Sqrt + eps;
                        p[i] += -stepSize * mj[i] / denom;
                    }
                }
            }
        }
    }

    /**
     * {@code torch.optim.AdamW}: Adam with decoupled weight decay, applied to the parameter before the
     * Adam step: {@code p = p·(1 - lr·weightDecay)}, then {@link Adam}'s update without decay.
     *
     * @param beta1       PyTorch's {@code betas[0]}, default 0.9
     * @param beta2       PyTorch's {@code betas[1]}, default 0.999
     * @param eps         PyTorch's {@code eps}, default 1e-8
     * @param weightDecay PyTorch's {@code weight_decay}, default 0.01
     */
    record AdamW(double beta1, double beta2, double eps, double weightDecay) implements Factory {
        /** PyTorch's defaults. */
        public static final AdamW DEFAULTS = new AdamW(0.9, 0.999, 1e-8, 0.01);

        public AdamW {
            requireBeta("beta1", beta1);
            requireBeta("beta2", beta2);
            requireAtLeastZero("eps", eps);
            requireAtLeastZero("weightDecay", weightDecay);
        }

        /** PyTorch's defaults. */
        public AdamW() {
            this(DEFAULTS.beta1, DEFAULTS.beta2, DEFAULTS.eps, DEFAULTS.weightDecay);
        }

        @Override
        public Optimizer create(DMatrixRMaj[] params) {
            return new Adam.Moments(beta1, beta2, eps, weightDecay, true, params);
        }
    }

    /**
     * {@code torch.optim.RMSprop}: with {@code g = grad + weightDecay·p},
     * <pre>
     *   s = alpha·s + (1 - alpha)·g²
     *   c = alpha·c + (1 - alpha)·g ;  avg = sqrt(s - c²) + eps      (centered)
     *                                  avg = sqrt(s) + eps           (otherwise)
     *   buf = momentum·buf + g / avg ;  p = p - lr·buf               (momentum &gt; 0)
     *   p = p - lr·g / avg                                           (otherwise)
     * </pre>
     *
     * @param alpha       PyTorch's {@code alpha}, default 0.99
     * @param eps         PyTorch's {@code eps}, default 1e-8
     * @param weightDecay PyTorch's {@code weight_decay}, default 0
     * @param momentum    PyTorch's {@code momentum}, default 0
     * @param centered    PyTorch's {@code centered}, default false
     */
    record RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements Factory {
        /** PyTorch's defaults. */
        public static final RmsProp DEFAULTS = new RmsProp(0.99, 1e-8, 0, 0, false);

        public RmsProp {
            requireAtLeastZero("alpha", alpha);
            requireAtLeastZero("eps", eps);
            requireAtLeastZero("weightDecay", weightDecay);
            requireAtLeastZero("momentum", momentum);
        }

        /** PyTorch's defaults. */
        public RmsProp() {
            this(DEFAULTS.alpha, DEFAULTS.eps, DEFAULTS.weightDecay, DEFAULTS.momentum, DEFAULTS.centered);
        }

        @Override
        public Optimizer create(DMatrixRMaj[] params) {
            return new State(this, params);
        }

        private static final class State implements Optimizer {
            private final RmsProp settings;
            private final DMatrixRMaj[] squareAvg;
            private final DMatrixRMaj[] gradAvg;
            private final DMatrixRMaj[] buf;

            State(RmsProp settings, DMatrixRMaj[] params) {
                this.settings = settings;
                squareAvg = zerosLike(params, 0.0);
                gradAvg = settings.centered ? zerosLike(params, 0.0) : null;
                buf = settings.momentum > 0 ? zerosLike(params, 0.0) : null;
            }

            @Override
            public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
                double alpha = settings.alpha;
                double eps = settings.eps;
                double wd = settings.weightDecay;
                double momentum = settings.momentum;
                for (int j = 0; j < params.length; j++) {
                    double[] p = params[j].data;
                    double[] g = grads[j].data;
                    double[] s = squareAvg[j].data;
                    double[] c = gradAvg == null ? null : gradAvg[j].data;
                    double[] b = buf == null ? null : buf[j].data;
                    for (int i = 0; i < params[j].getNumElements(); i++) {
                        // s = alpha·s + (1 - alpha)·g² ; avg = sqrt(s [- c²]) + eps
                        double gi = wd == 0 ? g[i] : g[i] + wd * p[i];
                        s[i] = s[i] * alpha + (1 - alpha) * gi * gi;
                        double avg;
                        if (c != null) {
                            c[i] = c[i] * alpha + (1 - alpha) * gi;
                            avg = Math.sqrt(s[i] + -1.0 * c[i] * c[i]) + eps;
                        } else {
                            avg = Math.sqrt(s[i]) + eps;
                        }
                        if (b != null) {
                            // buf = momentum·buf + g / avg ; p = p - lr·buf
                            b[i] = b[i] * momentum + gi / avg;
                            p[i] += -learningRate * b[i];
                        } else {
                            // p = p - lr·g / avg
                            p[i] += -learningRate * gi / avg;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code torch.optim.Adagrad}: at step {@code t} (from 1), with {@code g = grad + weightDecay·p},
     * <pre>
     *   clr = lr / (1 + (t - 1)·lrDecay)
     *   sum = sum + g²                  (sum starts at initialAccumulatorValue)
     *   p = p - clr·g / (sqrt(sum) + eps)
     * </pre>
     *
     * @param lrDecay                 PyTorch's {@code lr_decay}, default 0
     * @param weightDecay             PyTorch's {@code weight_decay}, default 0
     * @param initialAccumulatorValue PyTorch's {@code initial_accumulator_value}, default 0
     * @param eps                     PyTorch's {@code eps}, default 1e-10
     */
    record Adagrad(double lrDecay, double weightDecay, double initialAccumulatorValue, double eps)
            implements Factory {
        /** PyTorch's defaults. */
        public static final Adagrad DEFAULTS = new Adagrad(0, 0, 0, 1e-10);

        public Adagrad {
            requireAtLeastZero("lrDecay", lrDecay);
            requireAtLeastZero("weightDecay", weightDecay);
            requireAtLeastZero("initialAccumulatorValue", initialAccumulatorValue);
            requireAtLeastZero("eps", eps);
        }

        /** PyTorch's defaults. */
        public Adagrad() {
            this(DEFAULTS.lrDecay, DEFAULTS.weightDecay, DEFAULTS.initialAccumulatorValue, DEFAULTS.eps);
        }

        @Override
        public Optimizer create(DMatrixRMaj[] params) {
            return new State(this, params);
        }

        private static final class State implements Optimizer {
            private final Adagrad settings;
            private final DMatrixRMaj[] sum;
            private long t;

            State(Adagrad settings, DMatrixRMaj[] params) {
                this.settings = settings;
                sum = zerosLike(params, settings.initialAccumulatorValue);
            }

            @Override
            public void step(DMatrixRMaj[] params, DMatrixRMaj[] grads, double learningRate) {
                t++;
                double wd = settings.weightDecay;
                double eps = settings.eps;
                double clr = learningRate / (1 + (t - 1) * settings.lrDecay);
                for (int j = 0; j < params.length; j++) {
                    double[] p = params[j].data;
                    double[] g = grads[j].data;
                    double[] s = sum[j].data;
                    for (int i = 0; i < params[j].getNumElements(); i++) {
                        // sum = sum + g² ; p = p - clr·g / (sqrt(sum) + eps)
                        double gi = wd == 0 ? g[i] : g[i] + wd * p[i];
                        s[i] = s[i] + 1.0 * gi * gi;
                        p[i] += -clr * gi / (Math.sqrt(s[i]) + eps);
                    }
                }
            }
        }
    }

    private static DMatrixRMaj[] zerosLike(DMatrixRMaj[] params, double value) {
        DMatrixRMaj[] state = new DMatrixRMaj[params.length];
        for (int j = 0; j < params.length; j++) {
            state[j] = new DMatrixRMaj(params[j].numRows, params[j].numCols);
            state[j].fill(value);
        }
        return state;
    }

    private static void requireAtLeastZero(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    private static void requireBeta(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }
}
