package io.cometmq.broker;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's services in start order. Each one is started when it is added and stopped by {@link #close()} in
 * reverse order, so a service stops before anything it was started after, and a start-up that fails half way stops
 * exactly what had started.
 */
final class Lifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private record Stage(String name, Runnable stop) {
    }

    private final Deque<Stage> started = new ArrayDeque<>();

    /** Runs {@code start} now; {@code stop} runs at {@link #close()}. Nothing is registered if start throws. */
    synchronized void start(String name, Runnable start, Runnable stop) {
        start.run();
        started.push(new Stage(name, stop));
    }

    /** For a service that is already running (or needs no start): only its stop is recorded, at this position. */
    synchronized void started(String name, Runnable stop) {
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
