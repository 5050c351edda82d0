package io.mlplab.job;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The whole application on a random port. Every test class that extends this shares one cached context,
 * so each test cleans up the long jobs it starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestSupport {

    /** About 100 s of training if nothing stops it. */
    static final String LONG = JobServiceTests.LONG;

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    JsonNode awaitRunning(String id) {
        Http http = http();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode job = http.get("/api/v1/jobs/" + id).json();
            return job.path("status").asString().equals("RUNNING") && job.path("progress").path("epoch").asInt() > 0;
        });
        return http.get("/api/v1/jobs/" + id).json();
    }
}
