package io.mlplab.live;

import io.mlplab.job.postgres.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/**
 * The same event-stream tests as {@link JobEventsTests}, with the PostgreSQL store: the stream reads the
 * progress and the history rows the worker writes to the database.
 */
@ContextConfiguration(initializers = OnPostgres.class)
class PostgresJobEventsTests extends JobEventsTests {
}
