package io.mlplab.job.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.mlplab.MlpLabApplication;
import io.mlplab.job.Http;
import io.mlplab.job.JobService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One replica: the whole application in a Spring context of its own, on a random port, with the PostgreSQL
 * store on a shared database, its own workers and short leases. Two of them on one database are two
 * replicas behind a load balancer.
 */
final class Replica implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final Http http;
    final int port;

    private Replica(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        this.http = new Http(port);
    }

    /** A replica on the database at {@code url}; {@code arguments} add to or override the test defaults. */
    static Replica start(String url, String... arguments) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String argument : List.of("--server.port=0", "--spring.jmx.enabled=false", "--mlp.store.type=postgres",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--mlp.jobs.workers=1",
                "--mlp.store.lease=2s", "--mlp.store.heartbeat=500ms", "--mlp.store.history-flush=100ms")) {
            args.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        for (String argument : arguments) {
            args.put(argument.substring(0, argument.indexOf('=')), argument);
        }
        // arguments, not default properties: those would lose to application.yml
        return new Replica(new SpringApplicationBuilder(MlpLabApplication.class)
                .run(args.values().toArray(new String[0])));
    }

    JobService jobs() {
        return context.getBean(JobService.class);
    }

    PostgresJobStore store() {
        return context.getBean(PostgresJobStore.class);
    }

    String name() {
        return store().replica();
    }

    /**
     * Dies as a killed process or a lost machine would: its connections to the database go first, so it
     * writes nothing more, renews no lease and puts nothing back; its threads stop.
     */
    void kill() {
        context.getBean(HikariDataSource.class).close();
        store().close();
        context.close();
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    /** Plain SQL on the replicas' database, for what the API does not show (attempts, workers). */
    static JdbcClient sql(HikariDataSource pool) {
        return JdbcClient.create(pool);
    }
}
