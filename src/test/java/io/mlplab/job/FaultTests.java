package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mlplab.config.FaultInjection;
import io.mlplab.config.JobExecutorConfiguration;
import io.mlplab.config.JobsProperties;
import io.mlplab.spec.Specs;
import io.mlplab.training.kernel.Compute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults inside jobs, through {@link FaultInjection} (job names {@code fault:throw@E}, {@code fault:oom@E}):
 * exactly the faulty jobs fail, each with an incident id, the others succeed, and the workers survive. The
 * battery does the same against the jar with 1,000 jobs and a real OutOfMemoryError.
 */
class FaultTests {

    private ThreadPoolExecutor executor;
    private JobService service;

    private JobService service(boolean faults) {
        JobsProperties properties = new JobsProperties(2, 500, 1000, Duration.ofHours(1), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        executor = new JobExecutorConfiguration().jobExecutor(properties);
        service = new JobService(new InMemoryJobStore(properties), executor, properties,
                new JobMetrics(new SimpleMeterRegistry(), executor), Compute.DEFAULT, new FaultInjection(faults));
        service.start();
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null && service.isRunning()) {
            service.stop();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static Job.Snapshot awaitEnd(JobService service, String id) throws Exception {
        return service.await(id, Duration.ofSeconds(60)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void exactlyTheFaultyJobsFailEachWithAnIncidentAndTheWorkersSurvive() throws Exception {
        JobService service = service(true);
        Random random = new Random(14);
        List<String> ids = new ArrayList<>();
        Set<Integer> faulty = new TreeSet<>();
        while (faulty.size() < 20) {
            faulty.add(random.nextInt(200));
        }
        for (int i = 0; i < 200; i++) {
            String name = !faulty.contains(i) ? "plain"
                    : (i % 2 == 0 ? "fault:throw@" : "fault:oom@") + random.nextInt(30);
            ids.add(service.submit(Specs.compile("{\"name\":\"" + name + "\",\"training\":{\"epochs\":30},"
                    + "\"data\":{\"samples\":60}}")).id());
        }
        int failed = 0;
        for (int i = 0; i < ids.size(); i++) {
            Job.Snapshot job = awaitEnd(service, ids.get(i));
            if (faulty.contains(i)) {
                assertThat(job.status()).as("job %d", i).isEqualTo(JobStatus.FAILED);
                assertThat(job.error().code()).isEqualTo(JobError.Code.INTERNAL);
                assertThat(job.error().message()).containsPattern("incident [0-9a-f]{8}");
                failed++;
            } else {
                assertThat(job.status()).as("job %d", i).isEqualTo(JobStatus.SUCCEEDED);
            }
        }
        assertThat(failed).isEqualTo(20);
        // the same two workers ran everything: no thread died and was replaced
        assertThat(executor.getLargestPoolSize()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> executor.getCompletedTaskCount() == 200);
        assertThat(awaitEnd(service, service.submit(Specs.compile("{\"training\":{\"epochs\":5}}")).id()).status())
                .isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void withFaultsOffAFaultNameIsOnlyAName() throws Exception {
        JobService service = service(false);
        String id = service.submit(Specs.compile("{\"name\":\"fault:throw@3\",\"training\":{\"epochs\":10}}")).id();
        assertThat(awaitEnd(service, id).status()).isEqualTo(JobStatus.SUCCEEDED);
    }
}
