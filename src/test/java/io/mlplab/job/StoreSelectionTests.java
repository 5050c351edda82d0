package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The default store is the in-memory one, and with it nothing of the database starts: no DataSource, no
 * connection pool, no Flyway, no JDBC templates (the PostgreSQL store's own tests start the other kind).
 */
class StoreSelectionTests extends ApiTestSupport {

    @Autowired
    ApplicationContext context;

    @Test
    void theDefaultStoreIsInMemoryAndNoDatabaseMachineryStarts() {
        assertThat(context.getBean(JobStore.class)).isInstanceOf(InMemoryJobStore.class);
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        for (String name : context.getBeanDefinitionNames()) {
            String type = String.valueOf(context.getType(name));
            assertThat(type).as(name).doesNotContain("flyway", "Flyway", "Hikari", "JdbcTemplate", "JdbcClient",
                    "io.mlplab.job.postgres");
        }
        assertThat(http().get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
    }
}
