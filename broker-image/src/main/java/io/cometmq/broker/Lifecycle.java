package io.cometmq.broker;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's services in start order. Each one is started when it is added and stopped by {@link #close()} in
 * reverse order, so a service stops before anything it was started after. A start-up that fails half way stops what
 * it reached, including the service whose start failed (it may hold files or ports by then), so stops must cope with
 * a partial start.
 */
final class Lifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Stage(String name, Runnable stop) {
    }

    private final Deque<Stage> started = new ArrayDeque<>();

    /** Runs {@code start} now; {@code stop} runs at {@link #close()}, also when {@code start} threw. */
    synchronized void start(String name, Runnable start, Runnable stop) {
        started.push(new Stage(name, stop));
        start.run();
    }

    /** For a service with nothing to start here (or started by the caller): only its stop, at this position. */
    synchronized void onClose(String name, Runnable stop) {
        started.push(new Stage(name, stop));
    }

    /** Stops every started service, last started first; a failing stop is logged and the others still run. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            Stage stage = started.pop();
            try {
                stage.stop().run();
            } catch (RuntimeException e) {
                log.warn("stopping {} failed", stage.name(), e);
            }
        }
    }
}
