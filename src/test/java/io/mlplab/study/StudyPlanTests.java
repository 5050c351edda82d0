package io.mlplab.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlplab.spec.Specs;
import io.mlplab.web.InvalidSpecException;
import io.mlplab.web.ProblemType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expanding a study into members, with the real spec compiler and the server's strict JSON. */
class StudyPlanTests {

    private static StudyPlan plan(String json) {
        return StudyPlan.of(Specs.JSON.readValue(json, StudyRequest.class), Specs.compiler(Specs.LIMITS, Specs.JOBS),
                Specs.JSON, 500);
    }

    private static InvalidSpecException rejected(String json) {
        try {
            plan(json);
        } catch (InvalidSpecException e) {
            return e;
        }
        throw new AssertionError("accepted " + json);
    }

    @Test
    void membersAreTheGridInOrderTimesTheSeeds() {
        StudyPlan plan = plan("{\"base\":{\"training\":{\"epochs\":5}},\"grid\":{\"model.activation\":[\"sigmoid\","
                + "\"relu\"],\"model.hiddenLayers\":[[16],[16,32]]},\"seeds\":[1,2,3]}");

        assertThat(plan.points()).hasSize(4);
        assertThat(plan.points().get(1).toString()).isEqualTo("{model.activation=\"sigmoid\", model.hiddenLayers=[16,32]}");
        assertThat(plan.members()).hasSize(12);
        assertThat(plan.members().stream().map(StudyPlan.Member::seed).limit(4).toList()).containsExactly(1L, 2L, 3L, 1L);
        StudyPlan.Member fifth = plan.members().get(4);
        assertThat(fifth.point()).isEqualTo(1);
        assertThat(fifth.spec().spec().model().hiddenLayers()).containsExactly(16, 32);
        assertThat(fifth.spec().spec().model().activation().toString().toLowerCase()).isEqualTo("sigmoid");
        assertThat(fifth.spec().spec().training().epochs()).isEqualTo(5);
        assertThat(fifth.spec().spec().seed()).isEqualTo(2L);
    }

    @Test
    void withoutSeedsEachPointRunsOnceWithTheBasesSeed() {
        StudyPlan plan = plan("{\"base\":{\"seed\":7},\"grid\":{\"training.epochs\":[5,6]}}");

        assertThat(plan.members()).extracting(StudyPlan.Member::seed).containsExactly(7L, 7L);
        assertThat(plan.members().get(1).spec().spec().training().epochs()).isEqualTo(6);
    }

    @Test
    void aGridValueReplacesAWholeObject() {
        StudyPlan plan = plan("{\"base\":{\"training\":{\"optimizer\":{\"type\":\"sgd\",\"momentum\":0.9}}},"
                + "\"grid\":{\"training.optimizer\":[{\"type\":\"adam\"}]}}");

        assertThat(plan.members().get(0).spec().spec().training().optimizer().toString()).contains("Adam");
    }

    @Test
    void oneBadMemberNamesItsPointSeedAndField() {
        InvalidSpecException e = rejected("{\"grid\":{\"model.hiddenLayers\":[[16],[16,0]]},\"seeds\":[42,43]}");

        assertThat(e.type()).isEqualTo(ProblemType.INVALID_STUDY);
        assertThat(e.errors()).extracting(p -> p.field()).containsExactly("model.hiddenLayers[1]");
        assertThat(e.getMessage()).contains("{model.hiddenLayers=[16,0]} seed 42");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"grid":{"model.foo":[1]}}                                   | model.foo
            {"grid":{"training.epochs":[3.5]}}                           | training.epochs
            {"grid":{"model..activation":["relu"]}}                      | grid
            {"grid":{"model.activation":[]}}                             | grid.model.activation
            {"grid":{"model.activation":["relu","relu"]}}                | grid.model.activation
            {"grid":{"seed":[1,2]},"seeds":[3]}                          | seeds
            {"grid":{"model":[{}],"model.activation":["relu"]}}          | grid.model.activation
            {"base":{"model":5},"grid":{"model.activation":["relu"]}}    | grid.model.activation
            {"seeds":[]}                                                 | seeds
            {"seeds":[1,1]}                                              | seeds[1]
            {"seeds":[-1]}                                               | seeds[0]
            {"preset":"nope"}                                            | preset
            {"preset":"sigmoid-vs-relu","grid":{"seed":[1]}}             | grid
            {"targetLoss":0}                                             | targetLoss
            {"base":[]}                                                  | base
            """)
    void rejectsABadStudyNamingTheField(String json, String field) {
        assertThat(rejected(json).errors()).extracting(p -> p.field()).containsExactly(field);
    }

    @Test
    void aStudyOverTheMemberLimitIsRejected() {
        // 2 x 251 = 502 members > 500
        StringBuilder seeds = new StringBuilder();
        for (int s = 0; s < 251; s++) {
            seeds.append(s == 0 ? "" : ",").append(s);
        }
        InvalidSpecException e = rejected("{\"grid\":{\"model.activation\":[\"sigmoid\",\"relu\"]},\"seeds\":[" + seeds + "]}");

        assertThat(e.errors().get(0).field()).isEqualTo("grid");
        assertThat(e.errors().get(0).message()).contains("502 members", "mlp.studies.max-members of 500");
    }

    @Test
    void everyPresetCompilesAndCombinesWithSeeds() {
        for (StudyPresets.Preset preset : StudyPresets.ALL) {
            StudyPlan plan = plan("{\"preset\":\"" + preset.name() + "\",\"seeds\":[1,2]}");
            assertThat(plan.members()).as(preset.name()).hasSize(plan.points().size() * 2);
            assertThat(plan.preset()).isEqualTo(preset.name());
        }
        assertThat(plan("{\"preset\":\"sigmoid-vs-relu\"}").members()).hasSize(8);
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertThat(StudyCsv.quote("relu")).isEqualTo("relu");
        assertThat(StudyCsv.quote("[16,32]")).isEqualTo("\"[16,32]\"");
        assertThat(StudyCsv.quote("{\"type\":\"adam\"}")).isEqualTo("\"{\"\"type\"\":\"\"adam\"\"}\"");
        assertThat(List.of(StudyCsv.quote("a\nb"))).containsExactly("\"a\nb\"");
    }
}
