package io.mlplab.study.postgres;

import io.mlplab.job.DiagnosticsResult;
import io.mlplab.job.JobResult;
import io.mlplab.job.JobStatus;
import io.mlplab.study.Study;
import io.mlplab.study.StudyPlan;
import io.mlplab.study.StudyStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Studies to rows and back: the plan's documents as JSON text, a member's outcome as columns. */
final class StudyRows {

    private static final TypeReference<LinkedHashMap<String, List<JsonNode>>> GRID = new TypeReference<>() {
    };
    private static final TypeReference<List<LinkedHashMap<String, JsonNode>>> POINTS = new TypeReference<>() {
    };
    private static final TypeReference<List<Long>> SEEDS = new TypeReference<>() {
    };

    private final JsonMapper json;

    StudyRows(JsonMapper json) {
        this.json = json;
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    /** The columns of a member's outcome, named as the parameters of the store's update. */
    Map<String, Object> outcome(JobStatus status, JobResult result, int epochsToTarget) {
        Map<String, Object> columns = new HashMap<>();   // null values: a member that never trained
        columns.put("status", status.name());
        columns.put("trainLoss", result == null ? null : result.trainLoss());
        columns.put("testLoss", result == null ? null : result.testLoss());
        columns.put("trainAccuracy", result == null ? null : result.trainAccuracy());
        columns.put("testAccuracy", result == null ? null : result.testAccuracy());
        columns.put("trainingMillis", result == null ? null : result.trainingMillis());
        columns.put("stopReason", result == null ? null : result.stopReason().name());
        columns.put("epochsCompleted", result == null ? null : result.epochsCompleted());
        columns.put("diagnostics", result == null || result.diagnostics() == null ? null : write(result.diagnostics()));
        columns.put("epochsToTarget", epochsToTarget < 0 ? null : epochsToTarget);
        return columns;
    }

    /** The studies that {@code where} (an SQL clause over {@code studies}, with named parameters) selects, in its order. */
    List<Study.Snapshot> read(JdbcClient jdbc, String where, Map<String, ?> params) {
        List<Head> heads = jdbc.sql("""
                SELECT id, sequence, name, preset, base::text AS base, grid::text AS grid, seeds::text AS seeds,
                       target_loss, points::text AS points, status, created_at, finished_at
                FROM studies""" + " " + where).params(params).query(this::head).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<String, List<MemberRow>> members = new HashMap<>();
        jdbc.sql("""
                SELECT study_id, member, point, seed, job_id, status, train_loss, test_loss, train_accuracy,
                       test_accuracy, training_millis, stop_reason, epochs_completed, diagnostics::text AS diagnostics,
                       epochs_to_target
                FROM study_members WHERE study_id IN (:ids) ORDER BY study_id, member""")
                .param("ids", heads.stream().map(Head::id).toList())
                .query(this::member).list()
                .forEach(row -> members.computeIfAbsent(row.study(), id -> new ArrayList<>()).add(row));
        List<Study.Snapshot> studies = new ArrayList<>();
        for (Head head : heads) {
            studies.add(snapshot(head, members.getOrDefault(head.id(), List.of())));
        }
        return studies;
    }

    /** A study's own row. */
    private record Head(String id, long sequence, String name, String preset, JsonNode base,
                        Map<String, List<JsonNode>> grid, List<Long> seeds, double targetLoss,
                        List<Map<String, JsonNode>> points, StudyStatus status, Instant createdAt, Instant finishedAt) {
    }

    /** A member's row: where it sits in the plan, its job, how it ended (null while it has not). */
    private record MemberRow(String study, int member, int point, long seed, String job, Study.Outcome outcome) {
    }

    private Head head(ResultSet rs, int row) throws SQLException {
        String seeds = rs.getString("seeds");
        List<Map<String, JsonNode>> points = new ArrayList<>();
        for (Map<String, JsonNode> point : json.readValue(rs.getString("points"), POINTS)) {
            points.add(Collections.unmodifiableMap(point));
        }
        return new Head(rs.getString("id"), rs.getLong("sequence"), rs.getString("name"), rs.getString("preset"),
                json.readTree(rs.getString("base")), json.readValue(rs.getString("grid"), GRID),
                seeds == null ? null : json.readValue(seeds, SEEDS), rs.getDouble("target_loss"),
                Collections.unmodifiableList(points), StudyStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "finished_at"));
    }

    private MemberRow member(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        Study.Outcome outcome = null;
        if (status != null) {
            JobResult result = null;
            String stopReason = rs.getString("stop_reason");
            if (stopReason != null) {
                String diagnostics = rs.getString("diagnostics");
                result = new JobResult(rs.getDouble("train_loss"), rs.getDouble("test_loss"),
                        rs.getDouble("train_accuracy"), rs.getDouble("test_accuracy"), rs.getLong("training_millis"),
                        JobResult.StopReason.valueOf(stopReason), rs.getInt("epochs_completed"),
                        diagnostics == null ? null : json.readValue(diagnostics, DiagnosticsResult.class));
            }
            int epochsToTarget = rs.getInt("epochs_to_target");
            if (rs.wasNull()) {
                epochsToTarget = -1;
            }
            outcome = new Study.Outcome(rs.getString("job_id"), JobStatus.valueOf(status), result, epochsToTarget);
        }
        return new MemberRow(rs.getString("study_id"), rs.getInt("member"), rs.getInt("point"), rs.getLong("seed"),
                rs.getString("job_id"), outcome);
    }

    private static Study.Snapshot snapshot(Head head, List<MemberRow> members) {
        List<StudyPlan.Member> plan = new ArrayList<>();
        String[] jobs = new String[members.size()];
        Study.Outcome[] outcomes = new Study.Outcome[members.size()];
        int done = 0;
        for (MemberRow row : members) {
            plan.add(new StudyPlan.Member(row.point(), row.seed(), null));
            jobs[row.member()] = row.job();
            outcomes[row.member()] = row.outcome();
            done += row.outcome() == null ? 0 : 1;
        }
        StudyPlan studyPlan = new StudyPlan(head.name(), head.preset(), head.base(), head.grid(), head.seeds(),
                head.targetLoss(), head.points(), List.copyOf(plan));
        return new Study.Snapshot(head.id(), head.sequence(), studyPlan, head.status(), head.createdAt(),
                head.finishedAt(), Collections.unmodifiableList(Arrays.asList(jobs)),
                Collections.unmodifiableList(Arrays.asList(outcomes)), done);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
