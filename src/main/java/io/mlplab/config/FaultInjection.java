package io.mlplab.config;

import io.mlplab.training.LayerStats;
import io.mlplab.training.TrainingListener;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Faults on purpose, for the reliability battery and the tests only: {@code mlp.faults.enabled} (off by
 * default, and never to be turned on in production) makes a job whose {@code name} is {@code fault:throw@E}
 * throw an exception at epoch {@code E}, and one named {@code fault:oom@E} throw an {@link OutOfMemoryError}
 * there, as a bug or an oversized job inside the engine would. Off, a name is only a name.
 *
 * @param enabled whether job names may ask for a fault
 */
@ConfigurationProperties("mlp.faults")
public record FaultInjection(boolean enabled) {

    private static final Pattern FAULT = Pattern.compile("fault:(throw|oom)@(\\d{1,9})");

    /** {@code listener}, or a listener that fails at the epoch the job's name asks for. */
    public TrainingListener wrap(TrainingListener listener, String jobName) {
        Matcher fault = jobName == null || !enabled ? null : FAULT.matcher(jobName);
        if (fault == null || !fault.matches()) {
            return listener;
        }
        boolean oom = fault.group(1).equals("oom");
        int epoch = Integer.parseInt(fault.group(2));
        return new TrainingListener() {
            @Override
            public void onEpoch(int e, double trainLoss, double learningRate) {
                if (e == epoch) {
                    if (oom) {
                        throw new OutOfMemoryError("injected at epoch " + e);
                    }
                    throw new IllegalStateException("injected fault at epoch " + e);
                }
                listener.onEpoch(e, trainLoss, learningRate);
            }

            @Override
            public void onEvaluation(int e, double trainLoss, double testLoss, double trainAccuracy,
                                     double testAccuracy) {
                listener.onEvaluation(e, trainLoss, testLoss, trainAccuracy, testAccuracy);
            }

            @Override
            public void onDiagnostics(int e, LayerStats[] layers) {
                listener.onDiagnostics(e, layers);
            }
        };
    }
}
