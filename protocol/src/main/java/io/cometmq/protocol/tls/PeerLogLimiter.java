package io.cometmq.protocol.tls;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says whether something about a peer (by host) should be logged now: at most once per {@code period} per host, so
 * a client retrying a refused connection in a loop cannot flood the log.
 */
public final class PeerLogLimiter {

    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Duration period;
    private final Clock clock;

    public PeerLogLimiter(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    public static PeerLogLimiter perMinute() {
        return new PeerLogLimiter(Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** True when nothing about {@code host} was logged within the period (and records that it is now). */
    public boolean shouldLog(String host) {
        long now = clock.millis();
        long periodMillis = period.toMillis();
        if (lastLogged.size() > MAX_REMEMBERED) {
            lastLogged.values().removeIf(at -> now - at >= periodMillis);
        }
        boolean[] log = {false};
        lastLogged.compute(host, (key, at) -> {
            if (at == null || now - at >= periodMillis) {
                log[0] = true;
                return now;
            }
            return at;
        });
        return log[0];
    }
}
