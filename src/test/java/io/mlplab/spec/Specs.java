package io.mlplab.spec;

import io.mlplab.config.JobsProperties;
import io.mlplab.config.LimitsProperties;
import io.mlplab.web.StrictJson;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Specs for tests, read as the server reads them and compiled by the real compiler with the default limits. */
public final class Specs {

    /** {@code mlp.limits.*} as {@code application.yml} sets them. */
    public static final LimitsProperties LIMITS = new LimitsProperties(8, 512, 100_000, 512, 100_000,
            1_000_000_000_000L, null, 100_000L, DataSize.ofMegabytes(1));
    /** {@code mlp.jobs.*} as {@code application.yml} sets them: a worker per processor. */
    public static final JobsProperties JOBS = new JobsProperties(0, 100, 1000, Duration.ofHours(1),
            Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** The server's strict reading of request bodies. */
    public static final JsonMapper JSON = StrictJson.strict(JsonMapper.builder()).build();
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final SpecCompiler COMPILER = compiler(LIMITS, JOBS);

    private Specs() {
    }

    public static SpecCompiler compiler(LimitsProperties limits, JobsProperties jobs) {
        return new SpecCompiler(VALIDATOR, new SpecLimits(limits, jobs));
    }

    public static JobSpec read(String json) {
        return JSON.readValue(json, JobSpec.class);
    }

    /** @throws io.mlplab.web.InvalidSpecException with every problem */
    public static CompiledSpec compile(String json) {
        return COMPILER.compile(read(json));
    }
}
