package io.mlplab.job;

import io.mlplab.job.postgres.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/**
 * The same API tests as {@link InspectApiTests}, on one replica with the PostgreSQL store: the answers do not
 * depend on where the jobs live.
 */
@ContextConfiguration(initializers = OnPostgres.class)
class PostgresInspectApiTests extends InspectApiTests {
}
