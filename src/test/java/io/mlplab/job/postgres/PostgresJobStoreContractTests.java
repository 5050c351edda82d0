package io.mlplab.job.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.config.JobsProperties;
import io.mlplab.config.StoreProperties;
import io.mlplab.job.Job;
import io.mlplab.job.JobStore;
import io.mlplab.job.JobStoreContract;
import io.mlplab.spec.Specs;
import io.mlplab.training.kernel.Compute;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL: a fresh database for every test. */
class PostgresJobStoreContractTests extends JobStoreContract {

    private HikariDataSource pool;
    private PostgresJobStore postgres;

    @Override
    protected JobStore newStore() {
        pool = TestDatabase.migrated();
        postgres = newStore(pool, "contract");
        return postgres;
    }

    /** A store of one replica on {@code pool}, listening, with short intervals and {@link #RETAINED} kept. */
    static PostgresJobStore newStore(HikariDataSource pool, String replica) {
        return newStore(pool, replica, new JobStore.Events() {
            @Override
            public void queued() {
            }

            @Override
            public void ended(Job.Snapshot job) {
            }

            @Override
            public void lost(String job) {
            }

            @Override
            public void failed(Job.Snapshot job) {
            }
        });
    }

    /** The same, telling {@code events} what it hears. */
    static PostgresJobStore newStore(HikariDataSource pool, String replica, JobStore.Events events) {
        StoreProperties properties = new StoreProperties(StoreProperties.Type.POSTGRES, Duration.ofSeconds(2),
                Duration.ofMillis(200), 3, Duration.ofMillis(100));
        JobsProperties jobs = new JobsProperties(1, 100, RETAINED, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        PostgresJobStore store = new PostgresJobStore(pool, Specs.compiler(Specs.LIMITS, Specs.JOBS), Specs.JSON,
                Compute.DEFAULT, properties, jobs, replica);
        store.listen(events);
        return store;
    }

    @AfterEach
    void closeTheStore() {
        postgres.close();
        pool.close();
    }
}
