package io.mlplab.live;

import io.mlplab.job.postgres.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same event-stream tests as {@link JobEventsTests}, with the PostgreSQL store: the stream reads the
 * progress and the history rows the worker writes to the database.
 */
class PostgresJobEventsTests extends JobEventsTests {

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) {
        String url = TestDatabase.create();
        registry.add("mlp.store.type", () -> "postgres");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("mlp.store.history-flush", () -> "100ms");
    }
}
