package io.mlplab.job.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL for the tests: one server per test JVM, started from the binaries Maven brought
 * (io.zonky.test.postgres), each test a database of its own on it. Nothing needs to be installed.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** A new, empty database; its JDBC URL (user {@code postgres}, no password). */
    public static String create() {
        String name = "mlp_test_" + COUNT.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /** A pool on {@code url}. */
    public static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    /** A new database with the application's schema, and a pool on it. */
    public static HikariDataSource migrated() {
        HikariDataSource pool = pool(create());
        Flyway.configure().dataSource(pool).load().migrate();
        return pool;
    }
}
