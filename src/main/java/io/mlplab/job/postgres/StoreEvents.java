package io.mlplab.job.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's ear on the database: one thread, {@code mlp-store-events}, holds a connection that
 * {@code LISTEN}s on {@code mlp_job_queued} and {@code mlp_job_ended} and hands what it hears to the store,
 * on this thread: "queued" wakes the workers, "ended" completes long polls and calls the end listeners.
 * PostgreSQL delivers a notification after its transaction commits, in commit order, to every listening
 * connection; nothing is lost while the connection holds.
 *
 * <p>When the connection breaks (the database restarted, the network dropped) the thread connects again
 * every second, and then catches up: it reads the jobs that ended since shortly before it last heard from
 * the database ({@link #CATCH_UP_MARGIN} earlier, for clocks that differ) and those its long polls wait for,
 * and delivers them as ended. An end may so be delivered twice, never not at all.
 */
final class StoreEvents implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(StoreEvents.class);
    /** How long one wait for notifications lasts; also how soon the thread notices it should stop. */
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration RECONNECT = Duration.ofSeconds(1);
    static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final PostgresJobStore store;
    private final Thread thread;
    private volatile boolean closed;

    StoreEvents(DataSource dataSource, PostgresJobStore store) {
        this.dataSource = dataSource;
        this.store = store;
        this.thread = daemon("mlp-store-events").newThread(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        Instant lastHeard = null;
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + PostgresJobStore.QUEUED);
                    statement.execute("LISTEN " + PostgresJobStore.ENDED);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (lastHeard != null) {
                    log.info("Listening to the database again; catching up on the jobs that ended meanwhile");
                    catchUp(lastHeard.minus(CATCH_UP_MARGIN));
                }
                store.announceQueued();   // there may be work that nobody announced while this replica was deaf
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
                    lastHeard = Instant.now();
                    if (notifications != null && notifications.length > 0) {
                        deliver(notifications);
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN *");   // the connection goes back to the pool
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                log.warn("Lost the database's notifications ({}); connecting again in {}", e.toString(), RECONNECT);
                if (lastHeard == null) {
                    lastHeard = Instant.now();
                }
                try {
                    Thread.sleep(RECONNECT.toMillis());
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
    }

    private void deliver(PGNotification[] notifications) {
        boolean queued = false;
        Set<String> ended = new LinkedHashSet<>();
        for (PGNotification notification : notifications) {
            if (notification.getName().equals(PostgresJobStore.QUEUED)) {
                queued = true;
            } else if (notification.getName().equals(PostgresJobStore.ENDED)) {
                ended.add(notification.getParameter());
            }
        }
        if (!ended.isEmpty()) {
            store.ended(new ArrayList<>(ended));
        }
        if (queued) {
            store.announceQueued();
        }
    }

    private void catchUp(Instant since) {
        Set<String> ended = new LinkedHashSet<>(store.endedSince(since));
        List<String> awaited = store.awaited();
        if (!awaited.isEmpty()) {
            store.findAll(awaited).stream().filter(job -> job.status().isTerminal())
                    .forEach(job -> ended.add(job.id()));
        }
        if (!ended.isEmpty()) {
            store.ended(new ArrayList<>(ended));
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(POLL.multipliedBy(4).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
