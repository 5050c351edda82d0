package io.mlplab.config;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job executor: a fixed number of workers in front of a bounded queue. A full queue rejects the
 * task ({@link ThreadPoolExecutor.AbortPolicy}), which the service answers with 429, so memory never grows
 * with the number of waiting jobs.
 */
@Configuration(proxyBeanMethods = false)
public class JobExecutorConfiguration {

    /**
     * The executor is shut down by its bean's inferred destroy method, which runs only after the job
     * service's lifecycle {@code stop()} has cancelled every job and waited for the workers.
     */
    @Bean
    public ThreadPoolExecutor jobExecutor(JobsProperties properties) {
        int workers = properties.workerThreads();
        return new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), new WorkerThreads(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Names workers {@code mlp-job-1, mlp-job-2, …} so thread dumps and logs say what they run. */
    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "mlp-job-" + count.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        }
    }
}
