package io.mlplab.study;

import io.mlplab.spec.CompiledSpec;
import io.mlplab.spec.JobSpec;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.web.FieldProblem;
import io.mlplab.web.InvalidSpecException;
import io.mlplab.web.JsonProblems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A study request expanded into its members, every one compiled by the one spec compiler before anything
 * runs: the grid's points in order (first axis outermost, last axis fastest), each once per seed.
 *
 * @param name       the study's name, if any; a preset's name when none is given
 * @param preset     the preset it came from, if any
 * @param base       the base spec as given (or the preset's)
 * @param grid       the grid as given (or the preset's), in order
 * @param seeds      the seeds as given; null when absent
 * @param targetLoss the loss for {@code epochsToTarget}
 * @param points     the grid points, in order: per axis, its value
 * @param members    point × seed, in order
 */
public record StudyPlan(String name, String preset, JsonNode base, Map<String, List<JsonNode>> grid, List<Long> seeds,
                        double targetLoss, List<Map<String, JsonNode>> points, List<Member> members) {

    /** A field name of the job spec; a grid key is one or more of them joined by dots. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");
    private static final int MAX_NAME = 200;

    /**
     * One member: a grid point run with one seed.
     *
     * @param point the index of its grid point
     * @param seed  its seed, the spec's
     * @param spec  its spec, compiled; null in a plan read back from the database, which keeps the spec as JSON
     *              and compiles it again when the member becomes a job (a {@link StudyStore.Claim} gives it then)
     */
    public record Member(int point, long seed, CompiledSpec spec) {
    }

    /**
     * Expands and compiles {@code request}.
     *
     * @throws InvalidSpecException naming the study's field, or the first member whose spec is bad (its grid
     *                              point and seed) and the fields of that spec
     */
    static StudyPlan of(StudyRequest request, SpecCompiler compiler, JsonMapper json, int maxMembers) {
        JsonNode base = request.base();
        Map<String, List<JsonNode>> grid = request.grid();
        if (request.preset() != null) {
            StudyPresets.Preset preset = StudyPresets.find(request.preset()).orElseThrow(() -> study("preset",
                    "must be one of " + String.join(", ", StudyPresets.names()) + ", got '" + request.preset() + "'"));
            if (base != null) {
                throw study("base", "cannot be combined with preset, which fixes the base");
            }
            if (grid != null) {
                throw study("grid", "cannot be combined with preset, which fixes the grid");
            }
            base = preset.base();
            grid = preset.grid();
        }
        String name = request.name() != null ? request.name() : request.preset();
        if (name != null && name.length() > MAX_NAME) {
            throw study("name", "must be at most " + MAX_NAME + " characters");
        }
        if (base == null || base.isNull()) {
            base = json.createObjectNode();
        }
        if (!base.isObject()) {
            throw study("base", "must be a job spec object; send {} for the seed's experiment");
        }
        grid = grid == null ? Map.of() : grid;
        double targetLoss = request.targetLoss() == null ? StudyRequest.TARGET_LOSS : request.targetLoss();
        if (!(targetLoss > 0) || !Double.isFinite(targetLoss)) {
            throw study("targetLoss", "must be greater than 0, got " + targetLoss);
        }
        List<String> axes = checkAxes(grid, request.seeds() != null);
        checkSeeds(request.seeds());

        long pointCount = 1;
        for (List<JsonNode> values : grid.values()) {
            pointCount *= values.size();
        }
        int seedCount = request.seeds() == null ? 1 : request.seeds().size();
        long memberCount = pointCount * seedCount;
        if (memberCount > maxMembers) {
            throw study("grid", "the study has " + memberCount + " members (" + pointCount + " grid points x "
                    + seedCount + " seeds), more than the server's limit mlp.studies.max-members of " + maxMembers);
        }

        List<Map<String, JsonNode>> points = points(axes, grid);
        List<Member> members = new ArrayList<>((int) memberCount);
        for (int p = 0; p < points.size(); p++) {
            Map<String, JsonNode> point = points.get(p);
            ObjectNode spec = (ObjectNode) base.deepCopy();
            for (Map.Entry<String, JsonNode> axis : point.entrySet()) {
                set(spec, axis.getKey(), axis.getValue());
            }
            if (!spec.has("name") || spec.get("name").isNull()) {
                String label = (name == null ? "" : name + " ") + label(point);
                spec.put("name", label.length() > MAX_NAME ? label.substring(0, MAX_NAME) : label.trim());
            }
            if (request.seeds() == null) {
                members.add(member(p, compile(spec, point, null, compiler, json)));
            } else {
                for (long seed : request.seeds()) {
                    spec.put("seed", seed);
                    members.add(member(p, compile(spec, point, seed, compiler, json)));
                }
            }
        }
        return new StudyPlan(name, request.preset(), base, grid, request.seeds(), targetLoss, points, members);
    }

    private static Member member(int point, CompiledSpec spec) {
        return new Member(point, spec.spec().seed(), spec);
    }

    private static List<String> checkAxes(Map<String, List<JsonNode>> grid, boolean seeded) {
        List<String> axes = new ArrayList<>(grid.keySet());
        for (String axis : axes) {
            if (!PATH.matcher(axis).matches()) {
                throw study("grid", "'" + axis + "' is not a path into the job spec; write field names joined by "
                        + "dots, like model.activation");
            }
            List<JsonNode> values = grid.get(axis);
            if (values == null || values.isEmpty()) {
                throw study("grid." + axis, "must list at least one value");
            }
            Set<JsonNode> distinct = new HashSet<>();
            for (JsonNode value : values) {
                if (!distinct.add(value)) {
                    throw study("grid." + axis, "lists " + value + " twice");
                }
            }
            if (axis.equals("seed") && seeded) {
                throw study("seeds", "cannot be combined with a grid over seed; list the seeds in one of the two");
            }
            for (String other : axes) {
                if (other.startsWith(axis + ".")) {
                    throw study("grid." + other, "lies inside grid." + axis + ", which replaces it whole");
                }
            }
        }
        return axes;
    }

    private static void checkSeeds(List<Long> seeds) {
        if (seeds == null) {
            return;
        }
        if (seeds.isEmpty()) {
            throw study("seeds", "must list at least one seed, or be left out for the base's seed");
        }
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < seeds.size(); i++) {
            Long seed = seeds.get(i);
            if (seed == null || seed < 0 || seed > 4294967295L) {
                throw study("seeds[" + i + "]", "must be from 0 to 4294967295");
            }
            if (!distinct.add(seed)) {
                throw study("seeds[" + i + "]", "lists " + seed + " twice");
            }
        }
    }

    /** Every combination of the axes' values, the first axis outermost. */
    private static List<Map<String, JsonNode>> points(List<String> axes, Map<String, List<JsonNode>> grid) {
        List<Map<String, JsonNode>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (String axis : axes) {
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> point : points) {
                for (JsonNode value : grid.get(axis)) {
                    Map<String, JsonNode> extended = new LinkedHashMap<>(point);
                    extended.put(axis, value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(java.util.Collections::unmodifiableMap).toList();
    }

    /** Replaces what {@code spec} has at {@code path} by {@code value}, creating the objects on the way. */
    private static void set(ObjectNode spec, String path, JsonNode value) {
        String[] fields = path.split("\\.");
        ObjectNode node = spec;
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < fields.length - 1; i++) {
            at.append(i == 0 ? "" : ".").append(fields[i]);
            JsonNode child = node.get(fields[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(fields[i]);
            } else if (child instanceof ObjectNode object) {
                node = object;
            } else {
                throw study("grid." + path, "cannot be set: the base's " + at + " is not an object");
            }
        }
        node.set(fields[fields.length - 1], value.deepCopy());
    }

    private static CompiledSpec compile(ObjectNode spec, Map<String, JsonNode> point, Long seed,
                                        SpecCompiler compiler, JsonMapper json) {
        List<FieldProblem> problems;
        try {
            return compiler.compile(json.readValue(spec.toString(), JobSpec.class));
        } catch (JacksonException e) {
            problems = List.of(JsonProblems.describe(e));
        } catch (InvalidSpecException e) {
            problems = e.errors();
        }
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("point", point);
        member.put("seed", seed != null ? seed : spec.path("seed").isIntegralNumber() ? spec.path("seed").asLong()
                : JobSpec.SEED);
        throw InvalidSpecException.forStudyMember(label(point) + " seed " + member.get("seed"), member, problems);
    }

    /** {@code {model.activation=relu, model.hiddenLayers=[16,32]}}: a grid point for people. */
    static String label(Map<String, JsonNode> point) {
        StringBuilder label = new StringBuilder("{");
        for (Map.Entry<String, JsonNode> axis : point.entrySet()) {
            label.append(label.length() == 1 ? "" : ", ").append(axis.getKey()).append('=')
                    .append(axis.getValue().isString() ? axis.getValue().asString() : axis.getValue().toString());
        }
        return label.append('}').toString();
    }

    private static InvalidSpecException study(String field, String message) {
        return InvalidSpecException.forStudy(List.of(new FieldProblem(field, message)));
    }
}
