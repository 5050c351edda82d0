package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Assertions every error body must pass, over MockMvc and real HTTP alike. */
public final class Problems {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** Words that would give away the implementation: a stack trace, a class, a library or a framework. */
    private static final List<String> GIVEAWAYS = List.of("Exception", "exception", "java.", "io.mlplab", "\tat ",
            ".java:", "spring", "Spring", "jackson", "Jackson", "tomcat", "Tomcat", "hibernate", "Hibernate",
            "jakarta", "Caused by", "StackTrace", "trace");

    private Problems() {
    }

    /**
     * Checks that {@code body} is a problem of the given status and {@code urn:mlplab:<slug>} type, with a
     * title and a detail, and that neither it nor any header value gives the implementation away.
     */
    public static JsonNode assertProblem(int status, String contentType, String body, int expectedStatus, String slug) {
        assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo("urn:mlplab:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertNoGiveaways(body);
        return problem;
    }

    public static void assertNoGiveaways(String text) {
        for (String giveaway : GIVEAWAYS) {
            assertThat(text).as("response text").doesNotContain(giveaway);
        }
    }

    /** The {@code errors} entry for {@code field}; fails if there is none. */
    static JsonNode error(JsonNode problem, String field) {
        for (JsonNode error : problem.path("errors")) {
            if (error.path("field").asString().equals(field)) {
                assertThat(error.path("message").asString()).isNotBlank();
                return error;
            }
        }
        throw new AssertionError("no error for field " + field + " in " + problem);
    }
}
