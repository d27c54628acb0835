package io.cometmq.broker.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests at most once per key (user, resource, action or reason) per 10 s, so a misconfigured
 * client retrying in a loop cannot flood the log. Lines name the user, what was refused and the source address;
 * never a password or a signature.
 */
final class DenialLog {

    private static final Logger log = LoggerFactory.getLogger(DenialLog.class);
    private static final long INTERVAL_MILLIS = 10_000;
    private static final int MAX_KEYS = 10_000;

    private final LongSupplier millis;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private volatile long lastOverflow = Long.MIN_VALUE / 2;

    DenialLog(LongSupplier millis) {
        this.millis = millis;
    }

    /** How many keys are remembered (bounded by {@code MAX_KEYS}). */
    int trackedKeys() {
        return lastLogged.size();
    }

    void denied(String key, String line) {
        long now = millis.getAsLong();
        Long last = lastLogged.get(key);
        if (last != null && now - last < INTERVAL_MILLIS) {
            return;
        }
        if (lastLogged.size() >= MAX_KEYS) {
            lastLogged.values().removeIf(at -> now - at >= INTERVAL_MILLIS);
            if (lastLogged.size() >= MAX_KEYS) {
                // a flood of distinct keys (e.g. random user names) must not grow the map without bound
                if (now - lastOverflow >= INTERVAL_MILLIS) {
                    lastOverflow = now;
                    log.warn("more than {} distinct refusals in {} s; further ones are not logged until older "
                            + "entries expire", MAX_KEYS, INTERVAL_MILLIS / 1000);
                }
                return;
            }
        }
        lastLogged.put(key, now);
        log.warn("{}", line);
    }
}
