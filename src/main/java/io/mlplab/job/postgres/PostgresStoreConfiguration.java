package io.mlplab.job.postgres;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.StoreProperties;
import io.mlplab.spec.SpecCompiler;
import io.mlplab.training.kernel.Compute;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mlp.store.type=postgres}: the job store on the database of {@code spring.datasource.*}, migrated by
 * Flyway before the store is used. Only then do Boot's JDBC and Flyway auto-configurations run at all
 * ({@link io.mlplab.config.DatabaseAutoConfigurationFilter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreProperties.TYPE, havingValue = "postgres")
class PostgresStoreConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    PostgresJobStore postgresJobStore(DataSource dataSource, SpecCompiler compiler, JsonMapper json, Compute compute,
                                      StoreProperties store, JobsProperties jobs) {
        return new PostgresJobStore(dataSource, compiler, json, compute, store, jobs, replicaName());
    }

    /** The host's name and a random suffix: two replicas on one host (or a restarted one) never share it. */
    static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "replica";
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }
}
