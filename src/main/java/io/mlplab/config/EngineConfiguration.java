package io.mlplab.config;

import io.mlplab.training.kernel.Compute;
import io.mlplab.training.kernel.SpareCores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's compute: the kernels every trainer uses and the spare cores they may borrow, named in the
 * log at startup so that a slow server shows at once whether it runs without the Vector API.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    /** Stopped with the context ({@link SpareCores#close}). */
    @Bean
    public SpareCores spareCores() {
        return new SpareCores(Runtime.getRuntime().availableProcessors());
    }

    @Bean
    public Compute compute(EngineProperties engine, JobsProperties jobs, SpareCores cores) {
        boolean split = engine.spareCores() && cores.cores() > 1;
        Compute compute = Compute.of(engine.kernels(), split ? cores : null);
        log.info("Training kernels: {} (mlp.engine.kernels={}; the Vector API module is {}), {}",
                compute.kernels().name(), engine.kernels(),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent",
                split ? "products split over idle cores (" + cores.cores() + " cores, " + jobs.workerThreads()
                        + " workers)" : "every product on its job's thread");
        return compute;
    }
}
