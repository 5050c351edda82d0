package io.mlplab.job;

import io.mlplab.job.postgres.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same API tests as {@link EdgeTests}, on one replica with the PostgreSQL store: the answers do not
 * depend on where the jobs live.
 */
class PostgresEdgeTests extends EdgeTests {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        String url = TestDatabase.create();
        registry.add("mlp.store.type", () -> "postgres");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("mlp.store.history-flush", () -> "100ms");
    }
}
