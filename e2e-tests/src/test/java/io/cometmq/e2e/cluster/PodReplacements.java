package io.cometmq.e2e.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods were replaced (same name, new uid), in what order: fed by a pod informer during a roll or a failover.
 * A StatefulSet pod keeps its name across a restart, so a new uid under a known name is a replacement.
 */
final class PodReplacements {
    record Replacement(String pod, String oldUid, String newUid, Instant seen) {
    }

    private final Map<String, String> firstUid = new LinkedHashMap<>();
    private final Map<String, String> lastUid = new LinkedHashMap<>();
    private final List<Replacement> replacements = new ArrayList<>();

    /** A pod seen (added or updated) at {@code when}. */
    synchronized void seen(String pod, String uid, Instant when) {
        firstUid.putIfAbsent(pod, uid);
        String previous = lastUid.put(pod, uid);
        if (previous != null && !previous.equals(uid)) {
            replacements.add(new Replacement(pod, previous, uid, when));
        }
    }

    /** When {@code pod} was first replaced, if it was. */
    synchronized Optional<Instant> firstReplaced(String pod) {
        return replacements.stream().filter(r -> r.pod().equals(pod)).map(Replacement::seen).findFirst();
    }

    synchronized List<Replacement> all() {
        return List.copyOf(replacements);
    }
}
