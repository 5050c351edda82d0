package io.mlplab.job;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Why a job failed, or why the server cancelled it.
 *
 * @param code    a stable code for programs
 * @param message the details, for people
 */
@Schema(description = "Why a job failed (FAILED), or why the server cancelled it (CANCELLED with code SHUTDOWN).",
        example = "{\"code\":\"DIVERGED\",\"message\":\"training loss became NaN at epoch 37\"}")
public record JobError(
        @Schema(description = "A stable code: DIVERGED (the loss stopped being finite), TIMEOUT (ran longer than "
                + "the server's maximum runtime), SHUTDOWN (the server stopped), INTERNAL (an unexpected error, "
                + "logged by the server), WORKER_LOST (with several replicas on one database: the replicas "
                + "running it were lost, as often as the server allows).", example = "DIVERGED")
        Code code,
        @Schema(description = "The details, for people.", example = "training loss became NaN at epoch 37")
        String message) {

    /** A stable error code. */
    public enum Code {
        /** The training loss became NaN or infinite. */
        DIVERGED,
        /** The job ran longer than {@code mlp.jobs.max-runtime}. */
        TIMEOUT,
        /** The server shut down while the job was queued or running. */
        SHUTDOWN,
        /** An unexpected error; the server log has the stack trace. */
        INTERNAL,
        /**
         * A shared store only: the replica running the job stopped renewing its lease (killed, lost its machine
         * or its database) as many times as {@code mlp.store.max-attempts} allows.
         */
        WORKER_LOST
    }

    /**
     * @param loss  the training loss of the failed epoch: not finite, or finite when a gradient failed first
     * @param layer the weight layer (0 = first hidden) where the first non-finite value appeared, or -1
     */
    static JobError diverged(double loss, int epoch, int layer) {
        String what = Double.isFinite(loss) ? "gradients became NaN or infinite"
                : "training loss became " + (Double.isNaN(loss) ? "NaN" : "infinite");
        return new JobError(Code.DIVERGED,
                what + " at epoch " + epoch + (layer >= 0 ? " (first in weight layer " + layer + ")" : ""));
    }

    static JobError timeout(String maxRuntime, int epoch) {
        return new JobError(Code.TIMEOUT,
                "stopped at epoch " + epoch + " after exceeding the maximum runtime of " + maxRuntime);
    }

    static JobError shutdown() {
        return new JobError(Code.SHUTDOWN, "the server shut down before the job finished");
    }

    static JobError internal(String incident) {
        return new JobError(Code.INTERNAL,
                "training failed unexpectedly; the server log has the details under incident " + incident);
    }

    /** @param times how many replicas were lost while running the job */
    public static JobError workerLost(int times) {
        return new JobError(Code.WORKER_LOST, "the replica running the job stopped renewing its lease "
                + (times == 1 ? "once" : times + " times") + "; the job is not retried again");
    }
}
