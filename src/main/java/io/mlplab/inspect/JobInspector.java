package io.mlplab.inspect;

import io.mlplab.data.NumpyRandom;
import io.mlplab.data.PreparedData;
import io.mlplab.job.Job;
import io.mlplab.job.JobService;
import io.mlplab.job.JobStatus;
import io.mlplab.training.Experiment;
import io.mlplab.training.LiveWeights;
import io.mlplab.training.Loss;
import io.mlplab.training.Network;
import io.mlplab.web.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.springframework.stereotype.Service;

/**
 * A job's data, its trained network and what that network predicts, for people and plots to look at.
 *
 * <p>The data are made again from the job's experiment when asked for, exactly as the job made them (the same
 * stream, the same draws), rather than kept: a finished job keeps only its final weights and its scaler. Every
 * answer is bounded: {@link #MAX_NUMBERS} numbers of data or weights per response (413 beyond), {@link #MAX_ROWS}
 * rows per prediction and {@link #MAX_WORK} multiply-adds per forward pass, which runs on the request's thread.
 *
 * <p>The network is the job's final one once it has ended, and while it trains a copy its training thread takes at
 * the end of an epoch when asked ({@link LiveWeights}); every answer names the epoch of the weights it used.
 */
@Service
public class JobInspector {

    /** The most numbers (features and labels, or weights) one answer holds: about 5 MB of JSON. */
    static final long MAX_NUMBERS = 250_000;
    /** The most rows one prediction request may hold. */
    static final int MAX_ROWS = 10_000;
    /** The most multiply-adds (rows × parameters) of one forward pass on a request thread: well under a second. */
    static final long MAX_WORK = 500_000_000L;
    /** Grid cells per side of a decision boundary, when the network is small enough. */
    static final int GRID = 80;
    /** How long a request for a running job's weights waits for the end of the epoch the job is in. */
    static final Duration LIVE_WAIT = Duration.ofSeconds(1);

    private final JobService jobs;

    JobInspector(JobService jobs) {
        this.jobs = jobs;
    }

    /**
     * The job's data as generated, split as it trained on them; available in every state, since they are made from
     * the job's spec.
     */
    public DataResponse data(String id) {
        Experiment experiment = jobs.experiment(id);
        Job.Snapshot job = jobs.find(id);
        long samples = job.spec().data().samples();
        int features = job.spec().data().inputs();
        long numbers = samples * (features + 1);
        if (numbers > MAX_NUMBERS) {
            throw InspectionProblem.tooLarge(("The job's data are %d rows × (%d features + 1 label) = %d numbers, more "
                    + "than the %d this endpoint sends at once; plot them (plot.svg?series=boundary) or predict for "
                    + "rows of your own instead.").formatted(samples, features, numbers, MAX_NUMBERS));
        }
        return DataResponse.of(prepare(experiment));
    }

    /** What the trained network answers for raw rows {@code x}. */
    public PredictResponse predict(String id, double[][] x) {
        Weights weights = weights(id);
        Job.Trained trained = weights.trained();
        int features = trained.scaler().columns();
        List<FieldProblem> problems = new ArrayList<>();
        if (x == null || x.length == 0) {
            problems.add(new FieldProblem("x", "needs at least one row"));
            throw InspectionProblem.invalidInput(problems);
        }
        long work = (long) x.length * parameters(trained.network());
        if (x.length > MAX_ROWS || work > MAX_WORK) {
            long most = Math.max(1, Math.min(MAX_ROWS, MAX_WORK / parameters(trained.network())));
            problems.add(new FieldProblem("x", "may hold at most %d rows for this network, got %d".formatted(most,
                    x.length)));
            throw InspectionProblem.invalidInput(problems);
        }
        for (int r = 0; r < x.length && problems.size() < 10; r++) {
            if (x[r] == null || x[r].length != features) {
                problems.add(new FieldProblem("x[" + r + "]", "has %s values, but the job's data have %d features"
                        .formatted(x[r] == null ? "no" : Integer.toString(x[r].length), features)));
            }
        }
        if (!problems.isEmpty()) {
            throw InspectionProblem.invalidInput(problems);
        }
        DMatrixRMaj input = new DMatrixRMaj(x.length, features);   // (n, features)
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(x[r], 0, input.data, r * features, features);
        }
        DMatrixRMaj out = forward(trained, input);                // (n, outputs)
        List<List<Double>> outputs = new ArrayList<>(out.numRows);
        int[] predictions = new int[out.numRows];
        for (int r = 0; r < out.numRows; r++) {
            List<Double> row = new ArrayList<>(out.numCols);
            for (int c = 0; c < out.numCols; c++) {
                double v = out.get(r, c);
                row.add(Double.isFinite(v) ? v : null);
            }
            outputs.add(row);
            predictions[r] = predicted(out, r);
        }
        return new PredictResponse(weights.epoch(), weights.isFinal(), outputs, predictions);
    }

    /** The trained network as values, with its scaler. */
    public ModelResponse model(String id) {
        Weights weights = weights(id);
        Job.Trained trained = weights.trained();
        long numbers = trained.network().numbers();
        if (numbers > MAX_NUMBERS) {
            throw InspectionProblem.tooLarge("The network has %d weights, more than the %d this endpoint sends at once."
                    .formatted(numbers, MAX_NUMBERS));
        }
        Network.Export export = trained.network().export();
        return new ModelResponse(weights.epoch(), weights.isFinal(), export.layers(), export.output(),
                DataResponse.Scaler.of(trained.scaler()));
    }

    /**
     * The decision regions of a job on two-feature data: the network's answer on a grid over the data's range (in
     * the raw feature space), with the data on top. Data without exactly two features are a 400 on {@code series}.
     */
    public Boundary boundary(String id) {
        Job.Snapshot job = jobs.find(id);
        int features = job.spec().data().inputs();
        if (features != 2) {
            throw io.mlplab.web.InvalidParameterException.forParameter("series", ("boundary draws data with two "
                    + "features, and this job's data have %d; a moons, circles, xor or spirals job without "
                    + "noiseFeatures, or blobs with features 2, has two").formatted(features));
        }
        Weights weights = weights(id);
        Job.Trained trained = weights.trained();
        Experiment experiment = jobs.experiment(id);
        PreparedData data = prepare(experiment);
        double[] range = range(data);
        long parameters = parameters(trained.network());
        int grid = (int) Math.max(10, Math.min(GRID, Math.sqrt((double) MAX_WORK / parameters)));
        DMatrixRMaj cells = new DMatrixRMaj(grid * grid, 2);     // (grid², 2), row by row from the top
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                int i = row * grid + col;
                cells.data[2 * i] = range[0] + (col + 0.5) * (range[1] - range[0]) / grid;
                cells.data[2 * i + 1] = range[3] - (row + 0.5) * (range[3] - range[2]) / grid;
            }
        }
        DMatrixRMaj out = forward(trained, cells);
        boolean softmax = experiment.training().loss() instanceof Loss.CrossEntropy;
        int[] predicted = new int[grid * grid];
        double[] confidence = new double[grid * grid];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predicted(out, i);
            confidence[i] = confidence(out, i, softmax);
        }
        return new Boundary(weights.epoch(), weights.isFinal(), weights.status(), range, grid, predicted, confidence,
                Math.max(2, data.split().train().classes()), DataResponse.Rows.of(data.split().train()),
                DataResponse.Rows.of(data.split().test()));
    }

    /**
     * A decision boundary on a grid.
     *
     * @param epoch      the epochs the weights drawn have trained ({@link Weights#epoch})
     * @param isFinal    whether they are the job's final weights, or a copy from a running job
     * @param status     the job's status when the weights were taken
     * @param range      {@code [xMin, xMax, yMin, yMax]} of the grid, raw features
     * @param grid       cells per side
     * @param predicted  per cell, row by row from the top, the predicted class
     * @param confidence per cell: for two classes the probability of class 1, else the predicted class's
     * @param classes    classes in the data
     * @param train      the training set as generated
     * @param test       the test set as generated
     */
    public record Boundary(int epoch, boolean isFinal, JobStatus status, double[] range, int grid, int[] predicted, double[] confidence, int classes,
                           DataResponse.Rows train, DataResponse.Rows test) {
    }

    /**
     * The weights to answer with: the final ones once the job has them and its result; while it trains, a copy
     * from the end of a recent epoch, waiting up to {@link #LIVE_WAIT} for the epoch it is in to end.
     */
    private Weights weights(String id) {
        // first: for a job that is not training this answers at once; for one that is, its final weights are in
        // place by the time the run lets a waiting reader go
        Optional<LiveWeights.Copy> live = jobs.liveWeights(id).current(LIVE_WAIT);
        // the snapshot before the final weights: the worker keeps those before it attaches the result
        Job.Snapshot job = jobs.find(id);
        Optional<Job.Trained> trained = jobs.trained(id);
        if (trained.isPresent() && job.result() != null) {
            return new Weights(trained.get(), job.result().epochsCompleted(), true, job.status());
        }
        return live.map(copy -> new Weights(new Job.Trained(copy.network(), copy.scaler()), copy.epoch(), false,
                        job.status()))
                .orElseThrow(() -> InspectionProblem.notTrained(id, job.status()));
    }

    /**
     * Weights to compute with.
     *
     * @param trained the network and its scaler
     * @param epoch   the epochs they have trained, counted from 1: for a job's final weights its
     *                {@code result.epochsCompleted}, for a running job's copy the epoch at whose end it was taken
     * @param isFinal whether these are the job's final weights (training has ended)
     * @param status  the job's status when they were taken
     */
    record Weights(Job.Trained trained, int epoch, boolean isFinal, JobStatus status) {
    }

    private static PreparedData prepare(Experiment experiment) {
        return experiment.data().prepare(experiment.seed(), new NumpyRandom(experiment.seed()), false);
    }

    /** {@code out = network((x - mean) / scale)}; {@code x} is scaled in place. */
    private static DMatrixRMaj forward(Job.Trained trained, DMatrixRMaj x) {
        trained.scaler().transformInPlace(x);
        return trained.network().forward(x);
    }

    private static long parameters(Network.Snapshot network) {
        return Math.max(1, network.numbers());
    }

    /** As the job's accuracy counts: output > 0.5 for one output, the arg-max for several. */
    static int predicted(DMatrixRMaj out, int row) {
        int k = out.numCols;
        if (k == 1) {
            return out.data[row] > 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (out.data[row * k + c] > out.data[row * k + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Class 1's probability for one output (the output, clipped to [0, 1]); else the predicted class's. */
    private static double confidence(DMatrixRMaj out, int row, boolean softmax) {
        int k = out.numCols;
        if (k == 1) {
            double p = out.data[row];
            return Double.isNaN(p) ? 0.5 : Math.min(1, Math.max(0, p));
        }
        int best = predicted(out, row);
        double top = out.data[row * k + best];
        if (!softmax) {
            return Double.isNaN(top) ? 0 : Math.min(1, Math.max(0, top));
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(out.data[row * k + c] - top);
        }
        return 1 / sum;
    }

    /** The data's range in both features, with a margin of a tenth on every side. */
    private static double[] range(PreparedData data) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (DMatrixRMaj x : List.of(data.split().train().x(), data.split().test().x())) {
            for (int i = 0; i < x.numRows; i++) {
                r[0] = Math.min(r[0], x.data[2 * i]);
                r[1] = Math.max(r[1], x.data[2 * i]);
                r[2] = Math.min(r[2], x.data[2 * i + 1]);
                r[3] = Math.max(r[3], x.data[2 * i + 1]);
            }
        }
        for (int axis = 0; axis < 2; axis++) {
            double span = r[2 * axis + 1] - r[2 * axis];
            double margin = span > 0 ? span / 10 : 1;
            r[2 * axis] -= margin;
            r[2 * axis + 1] += margin;
        }
        return r;
    }
}
