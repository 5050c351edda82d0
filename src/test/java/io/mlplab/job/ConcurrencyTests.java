package io.mlplab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Several clients submit, poll, list, cancel and delete at once for a few seconds. Nothing may fail on the
 * server (no 5xx), and every client sees each of its jobs' statuses only move forward.
 */
class ConcurrencyTests extends ApiTestSupport {

    private static final int CLIENTS = 6;
    private static final long MILLIS = 3000;
    private static final Set<Integer> EXPECTED = Set.of(200, 202, 204, 304, 404, 409, 429);
    private static final String[] ACTIVATIONS = {"sigmoid", "relu", "tanh", "leaky_relu", "gelu"};

    @Test
    void clientsRacingOnTheSameJobsOnlySeeStatusesMoveForward() throws Exception {
        Set<String> allJobs = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> requests = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            requests.add(clients.submit(() -> client(allJobs)));
        }
        int total = 0;
        for (Future<Integer> done : requests) {
            total += done.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        Http http = http();
        for (String id : allJobs) {
            Http.Response response = http.get("/api/v1/jobs/" + id);
            if (response.status() == 200 && !JobStatus.valueOf(response.json().path("status").asString()).isTerminal()) {
                http.post("/api/v1/jobs/" + id + "/cancel");
            }
        }
        assertThat(total).isGreaterThan(CLIENTS * 10);
        assertThat(allJobs).isNotEmpty();
    }

    /** One client's random walk; returns the number of requests it made. */
    private int client(Set<String> allJobs) {
        Http http = http();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> mine = new ArrayList<>();
        Map<String, JobStatus> lastSeen = new HashMap<>();
        long end = System.currentTimeMillis() + MILLIS;
        int requests = 0;
        // a few seconds, and enough requests even when the first ones wait for a cold server
        while (System.currentTimeMillis() < end || requests < 30) {
            int action = random.nextInt(10);
            requests++;
            if (action < 3 || mine.isEmpty()) {
                Http.Response response = http.post("/api/v1/jobs", "{\"model\":{\"hiddenLayers\":[" + (4 + random.nextInt(16))
                        + "],\"activation\":\"" + ACTIVATIONS[random.nextInt(ACTIVATIONS.length)]
                        + "\"},\"training\":{\"epochs\":" + (50 + random.nextInt(150)) + "}}");
                check(response);
                if (response.status() == 202) {
                    String id = response.json().path("id").asString();
                    mine.add(id);
                    allJobs.add(id);
                    observe(lastSeen, id, response.json());
                }
                continue;
            }
            // half the time someone else's job, so that clients race on the same jobs
            List<String> pool = random.nextBoolean() ? mine : new ArrayList<>(allJobs);
            String id = pool.get(random.nextInt(pool.size()));
            Http.Response response;
            if (action < 7) {
                response = http.get("/api/v1/jobs/" + id + "?wait=" + random.nextInt(2));
            } else if (action < 8) {
                response = http.post("/api/v1/jobs/" + id + "/cancel");
            } else if (action < 9) {
                response = http.get("/api/v1/jobs/" + id + "/history?from=" + random.nextInt(100));
                check(response);
                if (response.status() == 200) {
                    JsonNode train = response.json().path("train");
                    assertThat(train.path("loss").size()).isEqualTo(train.path("epoch").size());
                }
                continue;
            } else if (random.nextBoolean()) {
                response = http.delete("/api/v1/jobs/" + id);
                check(response);
                continue;
            } else {
                response = http.get("/api/v1/jobs?limit=" + (1 + random.nextInt(20)));
                check(response);
                continue;
            }
            check(response);
            if (response.status() == 200) {
                observe(lastSeen, id, response.json());
            }
        }
        return requests;
    }

    private static void check(Http.Response response) {
        assertThat(response.status()).as(response.body()).isIn(EXPECTED);
        if (response.status() >= 400) {
            Problems.assertNoGiveaways(response.body());
        }
    }

    private static void observe(Map<String, JobStatus> lastSeen, String id, JsonNode job) {
        JobStatus now = JobStatus.valueOf(job.path("status").asString());
        JobStatus before = lastSeen.put(id, now);
        if (before != null) {
            assertThat(now.ordinal() >= before.ordinal() && (!before.isTerminal() || now == before))
                    .as("job %s went from %s to %s", id, before, now).isTrue();
        }
    }
}
