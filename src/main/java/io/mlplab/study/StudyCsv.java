package io.mlplab.study;

import io.mlplab.job.JobResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The study's table as CSV (RFC 4180, a header row, {@code \r\n} line ends), for {@code pandas.read_csv}: one
 * column per axis and, per grid point, one per statistic ({@code testAccuracy_mean}, ...), or with
 * {@code per=job} one row per member. An axis value that is a string or a number is written as is, an
 * array or object as compact JSON; a missing number is an empty field.
 */
final class StudyCsv {

    /** The per-point statistics, in column order. */
    private static final List<String> STATISTICS = List.of("testAccuracy", "trainAccuracy", "testLoss", "trainLoss",
            "epochsToTarget", "gradientVanishedEpoch", "epochsCompleted");

    private StudyCsv() {
    }

    static String perPoint(Study.Snapshot study) {
        List<String> axes = new ArrayList<>(study.plan().grid().keySet());
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(axes);
        header.addAll(List.of("members", "done", "succeeded", "failed", "cancelled"));
        for (String statistic : STATISTICS) {
            for (String part : List.of("mean", "std", "min", "max")) {
                header.add(statistic + "_" + part);
            }
        }
        header.addAll(List.of("reachedTarget", "gradientVanished", "plateaued"));
        line(csv, header);
        for (StudyResponse.Row row : StudyResponse.rows(study)) {
            List<String> fields = axisFields(axes, row.point());
            fields.add(Integer.toString(row.seeds().size()));
            fields.add(Integer.toString(row.done()));
            fields.add(Integer.toString(row.succeeded()));
            fields.add(Integer.toString(row.failed()));
            fields.add(Integer.toString(row.cancelled()));
            for (Statistics s : List.of(row.testAccuracy(), row.trainAccuracy(), row.testLoss(), row.trainLoss(),
                    row.epochsToTarget(), row.gradientVanishedEpoch(), row.epochsCompleted())) {
                fields.add(number(s.mean()));
                fields.add(number(s.std()));
                fields.add(number(s.min()));
                fields.add(number(s.max()));
            }
            fields.add(Integer.toString(row.epochsToTarget().n()));
            fields.add(Integer.toString(row.gradientVanished()));
            fields.add(Integer.toString(row.plateaued()));
            line(csv, fields);
        }
        return csv.toString();
    }

    static String perJob(Study.Snapshot study) {
        List<String> axes = new ArrayList<>(study.plan().grid().keySet());
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(axes);
        header.addAll(List.of("seed", "job", "status", "stopReason", "epochsCompleted", "trainLoss", "testLoss",
                "trainAccuracy", "testAccuracy", "epochsToTarget", "gradientVanishedEpoch", "plateaued",
                "trainingMillis"));
        line(csv, header);
        for (int m = 0; m < study.plan().members().size(); m++) {
            StudyPlan.Member member = study.plan().members().get(m);
            List<String> fields = axisFields(axes, study.plan().points().get(member.point()));
            fields.add(Long.toString(member.seed()));
            fields.add(study.jobs().get(m) == null ? "" : study.jobs().get(m));
            Study.Outcome outcome = study.outcomes().get(m);
            JobResult result = outcome == null ? null : outcome.result();
            fields.add(outcome == null ? (study.jobs().get(m) == null ? "WAITING" : "ACTIVE") : outcome.status().name());
            fields.add(result == null ? "" : result.stopReason().name());
            fields.add(result == null ? "" : Integer.toString(result.epochsCompleted()));
            fields.add(result == null ? "" : number(result.trainLoss()));
            fields.add(result == null ? "" : number(result.testLoss()));
            fields.add(result == null ? "" : number(result.trainAccuracy()));
            fields.add(result == null ? "" : number(result.testAccuracy()));
            fields.add(outcome == null || outcome.epochsToTarget() < 0 ? "" : Integer.toString(outcome.epochsToTarget()));
            int vanished = outcome == null ? -1 : StudyResponse.firstVanished(outcome);
            fields.add(vanished < 0 ? "" : Integer.toString(vanished));
            fields.add(result == null || result.diagnostics() == null ? ""
                    : Boolean.toString(result.diagnostics().plateaued()));
            fields.add(result == null ? "" : Long.toString(result.trainingMillis()));
            line(csv, fields);
        }
        return csv.toString();
    }

    private static List<String> axisFields(List<String> axes, Map<String, JsonNode> point) {
        List<String> fields = new ArrayList<>();
        for (String axis : axes) {
            JsonNode value = point.get(axis);
            fields.add(value.isString() ? value.asString() : value.toString());
        }
        return fields;
    }

    private static String number(Double value) {
        return value == null || !Double.isFinite(value) ? "" : Double.toString(value);
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(quote(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
