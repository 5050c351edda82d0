package io.mlplab.job.postgres;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts a test's application context on the PostgreSQL store, on one database shared by every test class
 * that names this initializer (with the same configuration otherwise they share one cached context too):
 * {@code @ContextConfiguration(initializers = OnPostgres.class)}.
 */
public class OnPostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static String url;

    private static synchronized String url() {
        if (url == null) {
            url = TestDatabase.create();
        }
        return url;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("mlp.store.type=postgres", "spring.datasource.url=" + url(),
                "spring.datasource.username=postgres", "mlp.store.history-flush=100ms").applyTo(context);
    }
}
