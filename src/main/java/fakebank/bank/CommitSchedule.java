package fakebank.bank;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The background thread that commits the bank every interval; stopping waits for a commit in progress. */
final class CommitSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(CommitSchedule.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bank-committer");
        t.setDaemon(true);
        return t;
    });

    void start(Duration every, Runnable commit) {
        long ms = every.toMillis();
        executor.scheduleWithFixedDelay(commit, ms, ms, TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("bank committer did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
