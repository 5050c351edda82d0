package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlplab.MlpLabApplication;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application marks every active job, leaves nothing RUNNING and logs a summary. */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownTests {

    @Test
    void closingTheApplicationCancelsEveryActiveJobWithCodeShutdown(CapturedOutput output) {
        // arguments, not default properties: those would lose to application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MlpLabApplication.class)
                .run("--server.port=0", "--mlp.jobs.workers=1", "--spring.jmx.enabled=false");
        InMemoryJobStore store = context.getBean(InMemoryJobStore.class);
        Http http = new Http(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        String done = http.submit("{\"training\":{\"epochs\":20}}");
        http.awaitEnd(done);
        String running = http.submit(ApiTestSupport.LONG);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/jobs/" + running).json().path("status").asString().equals("RUNNING"));
        List<String> queued = List.of(http.submit(ApiTestSupport.LONG), http.submit("{}"));

        context.close();

        assertThat(store.all()).hasSize(4).noneMatch(job -> job.status() == JobStatus.RUNNING);
        for (String id : queued) {
            Job.Snapshot job = store.find(id).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(job.error().code()).isEqualTo(JobError.Code.SHUTDOWN);
            assertThat(job.startedAt()).isNull();
        }
        Job.Snapshot stopped = store.find(running).orElseThrow();
        assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stopped.error().code()).isEqualTo(JobError.Code.SHUTDOWN);
        assertThat(stopped.result()).isNotNull();
        assertThat(store.find(done).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(output).contains("Jobs at shutdown: RUNNING 0", "Jobs at shutdown: SUCCEEDED 1",
                "Jobs at shutdown: CANCELLED 3 {SHUTDOWN=3}");
    }
}
