package io.mlplab.study;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The studies' meters (their members are jobs, so every {@code mlp.jobs.*} meter counts them too):
 *
 * <ul>
 *   <li>{@code mlp.studies.submitted}: studies accepted; {@code mlp.studies.members.submitted}: their members</li>
 *   <li>{@code mlp.studies.finished{status=succeeded|failed|cancelled}}: studies that ended</li>
 *   <li>{@code mlp.studies.active}: studies not ended; {@code mlp.studies.members.waiting}: members not yet
 *       handed to the executor; {@code mlp.studies.members.in.flight}: members queued or running</li>
 *   <li>{@code mlp.studies.duration}: a study's wall time from its submission to its last member's end</li>
 * </ul>
 *
 * <p>On a shared store the gauges count the whole cluster, the same on every replica; the counters and the
 * timer count what happened on this server (a study's end is counted by the server that recorded it).
 */
@Component
class StudyMetrics {

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter members;
    private final Map<StudyStatus, Counter> finished = new EnumMap<>(StudyStatus.class);
    private final Timer duration;

    StudyMetrics(MeterRegistry registry) {
        this.registry = registry;
        submitted = Counter.builder("mlp.studies.submitted").description("Studies accepted").register(registry);
        members = Counter.builder("mlp.studies.members.submitted").description("Members of studies accepted")
                .register(registry);
        for (StudyStatus status : StudyStatus.values()) {
            if (status.isTerminal()) {
                finished.put(status, Counter.builder("mlp.studies.finished").description("Studies that ended")
                        .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry));
            }
        }
        duration = Timer.builder("mlp.studies.duration")
                .description("A study's wall time from its submission to its last member's end").register(registry);
    }

    /** Registers the gauges, which read the service's state. */
    void gauges(Supplier<Number> active, Supplier<Number> waiting, Supplier<Number> inFlight) {
        Gauge.builder("mlp.studies.active", active).description("Studies not ended").register(registry);
        Gauge.builder("mlp.studies.members.waiting", waiting)
                .description("Members of studies not yet handed to the executor").register(registry);
        Gauge.builder("mlp.studies.members.in.flight", inFlight)
                .description("Members of studies queued or running").register(registry);
    }

    void submitted(int memberCount) {
        submitted.increment();
        members.increment(memberCount);
    }

    void finished(StudyStatus status, Duration took) {
        finished.get(status).increment();
        duration.record(took);
    }
}
