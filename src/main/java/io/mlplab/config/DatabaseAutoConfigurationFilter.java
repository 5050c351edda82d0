package io.mlplab.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Spring Boot's database auto-configuration (the DataSource and its pool, JDBC, transactions,
 * Flyway, their health and metrics) unless {@code mlp.store.type=postgres}: the jar carries the driver and
 * Flyway for that mode, and in the default mode, memory, no database may start, not even be looked for.
 * Registered in {@code META-INF/spring.factories}.
 */
public class DatabaseAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    /** The packages of the auto-configurations of a database. */
    private static final String[] DATABASE = {"org.springframework.boot.jdbc.autoconfigure.",
            "org.springframework.boot.flyway.autoconfigure."};

    private boolean postgres;

    @Override
    public void setEnvironment(Environment environment) {
        // as loosely as the store's own condition reads it (MLP_STORE_TYPE=POSTGRES too)
        postgres = "postgres".equalsIgnoreCase(environment.getProperty("mlp.store.type", "memory").trim());
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            match[i] = postgres || autoConfigurationClasses[i] == null || !isDatabase(autoConfigurationClasses[i]);
        }
        return match;
    }

    private static boolean isDatabase(String autoConfiguration) {
        for (String prefix : DATABASE) {
            if (autoConfiguration.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
