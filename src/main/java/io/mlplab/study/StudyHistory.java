package io.mlplab.study;

import io.mlplab.job.History;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The members' loss histories in one answer, downsampled to every {@code every}-th epoch (and the last), so
 * {@code pandas.DataFrame(member["train"])} gives one member's curve.
 *
 * @param every   the epochs kept: those divisible by it, and each member's last
 * @param members one per member that is a job and still known, in grid order, seeds in order
 */
@Schema(name = "StudyHistory", description = "The members' loss histories, downsampled to every `every`-th epoch "
        + "(and each member's last).", example = "{\"every\":100,\"members\":[{\"point\":{\"model.activation\":"
        + "\"sigmoid\"},\"seed\":42,\"job\":\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\",\"train\":{\"epoch\":[0,100],"
        + "\"loss\":[0.2497,0.2493]},\"eval\":{\"epoch\":[0,100],\"testLoss\":[0.2496,0.2492],\"testAccuracy\":"
        + "[0.46,0.46]}}]}")
public record StudyHistory(
        @Schema(description = "The epochs kept: those divisible by `every`, and each member's last.", example = "100")
        int every,
        @Schema(description = "One per member that is a job and still known, in grid order, seeds in order.",
                example = "[{\"point\":{\"model.activation\":\"sigmoid\"},\"seed\":42,\"job\":"
                        + "\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\",\"train\":{\"epoch\":[0],\"loss\":[0.2497]},"
                        + "\"eval\":{\"epoch\":[0],\"testLoss\":[0.2496],\"testAccuracy\":[0.46]}}]")
        List<Member> members) {

    /**
     * @param point per axis, its value
     * @param seed  the member's seed
     * @param job   its job's id
     * @param train training loss per kept epoch
     * @param eval  test loss and accuracy per kept evaluation
     */
    @Schema(name = "StudyHistoryMember", description = "One member's downsampled history.",
            example = "{\"point\":{\"model.activation\":\"sigmoid\"},\"seed\":42,\"job\":"
                    + "\"0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90\",\"train\":{\"epoch\":[0],\"loss\":[0.2497]},"
                    + "\"eval\":{\"epoch\":[0],\"testLoss\":[0.2496],\"testAccuracy\":[0.46]}}")
    public record Member(
            @Schema(description = "Per axis, its value at this member's grid point.",
                    example = "{\"model.activation\":\"sigmoid\"}") Map<String, JsonNode> point,
            @Schema(description = "The member's seed.", example = "42") long seed,
            @Schema(description = "Its job's id.", example = "0f9c2a4e-5b7d-4f1e-9a3c-2d8e6b1f7a90") String job,
            @Schema(description = "Training loss (before each epoch's update) per kept epoch.") Train train,
            @Schema(description = "Test loss and accuracy per kept evaluation.") Eval eval) {
    }

    /**
     * @param epoch the kept epochs
     * @param loss  the training loss of each; null if not finite
     */
    @Schema(name = "StudyHistoryTrain", description = "Training loss per kept epoch.",
            example = "{\"epoch\":[0,100],\"loss\":[0.2497,0.2493]}")
    public record Train(
            @Schema(description = "The kept epochs.", example = "[0, 100]") int[] epoch,
            @Schema(description = "Training loss of each; null if not finite.", example = "[0.2497, 0.2493]")
            double[] loss) {
    }

    /**
     * @param epoch        the kept evaluation epochs
     * @param testLoss     test loss at each
     * @param testAccuracy test accuracy at each
     */
    @Schema(name = "StudyHistoryEval", description = "Test loss and accuracy per kept evaluation.",
            example = "{\"epoch\":[0,100],\"testLoss\":[0.2496,0.2492],\"testAccuracy\":[0.46,0.46]}")
    public record Eval(
            @Schema(description = "The kept evaluation epochs.", example = "[0, 100]") int[] epoch,
            @Schema(description = "Test loss at each; null if not finite.", example = "[0.2496, 0.2492]")
            double[] testLoss,
            @Schema(description = "Test accuracy at each.", example = "[0.46, 0.46]") double[] testAccuracy) {
    }

    /** The rows of {@code history} whose epoch is divisible by {@code every}, and the last. */
    static Member member(Map<String, JsonNode> point, long seed, String job, History history, int every) {
        int[] epochs = history.train().epoch();
        List<Integer> kept = kept(epochs, every);
        int[] trainEpoch = new int[kept.size()];
        double[] loss = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            trainEpoch[i] = epochs[kept.get(i)];
            loss[i] = history.train().loss()[kept.get(i)];
        }
        int[] evalEpochs = history.eval().epoch();
        List<Integer> evalKept = kept(evalEpochs, every);
        int[] evalEpoch = new int[evalKept.size()];
        double[] testLoss = new double[evalKept.size()];
        double[] testAccuracy = new double[evalKept.size()];
        for (int i = 0; i < evalKept.size(); i++) {
            evalEpoch[i] = evalEpochs[evalKept.get(i)];
            testLoss[i] = history.eval().testLoss()[evalKept.get(i)];
            testAccuracy[i] = history.eval().testAccuracy()[evalKept.get(i)];
        }
        return new Member(point, seed, job, new Train(trainEpoch, loss), new Eval(evalEpoch, testLoss, testAccuracy));
    }

    /**
     * The values an answer with {@code every} would hold: a loss per kept training epoch, a test loss and
     * accuracy per kept evaluation. Null histories (members that are not jobs) count nothing.
     */
    static long values(List<History> histories, int every) {
        long values = 0;
        for (History history : histories) {
            if (history != null) {
                values += keptCount(history.train().epoch(), every) + 2L * keptCount(history.eval().epoch(), every);
            }
        }
        return values;
    }

    private static int keptCount(int[] epochs, int every) {
        int count = 0;
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] % every == 0 || i == epochs.length - 1) {
                count++;
            }
        }
        return count;
    }

    private static List<Integer> kept(int[] epochs, int every) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] % every == 0 || i == epochs.length - 1) {
                kept.add(i);
            }
        }
        return kept;
    }
}
