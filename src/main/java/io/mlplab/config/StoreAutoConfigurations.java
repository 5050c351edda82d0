package io.mlplab.config;

import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Spring Boot's JDBC and Flyway auto-configurations out unless {@code mlp.store.type} is
 * {@code postgres}: with the default in-memory store no DataSource, connection pool, migration or database
 * health check starts, and {@code ./mvnw spring-boot:run} needs no database. With {@code postgres} they all
 * run as Boot configures them ({@code spring.datasource.*}, {@code spring.datasource.hikari.*},
 * {@code spring.flyway.*}). Registered in {@code META-INF/spring.factories}; it runs before any condition,
 * so the excluded configurations are never even loaded.
 */
public class StoreAutoConfigurations implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Boot's modules whose auto-configurations need a database. */
    private static final String[] DATABASE_PACKAGES = {
        "org.springframework.boot.jdbc.", "org.springframework.boot.flyway."
    };

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean database = usesDatabase(environment);
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < match.length; i++) {
            match[i] = database || !needsDatabase(autoConfigurationClasses[i]);
        }
        return match;
    }

    /** Whether {@code mlp.store.type} (relaxed: {@code MLP_STORE_TYPE} too) asks for PostgreSQL. */
    static boolean usesDatabase(Environment environment) {
        String type = environment == null ? null : environment.getProperty(StoreProperties.TYPE);
        return type != null && type.trim().toUpperCase(Locale.ROOT).equals(StoreProperties.Type.POSTGRES.name());
    }

    private static boolean needsDatabase(String autoConfiguration) {
        if (autoConfiguration == null) {
            return false;
        }
        for (String prefix : DATABASE_PACKAGES) {
            if (autoConfiguration.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
