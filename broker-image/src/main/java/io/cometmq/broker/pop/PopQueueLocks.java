package io.cometmq.broker.pop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pop at a time per topic, group and queue, so two pops never read the same offsets. A pop that finds a queue
 * locked skips it (another request is popping it right now), as Apache's broker does.
 */
final class PopQueueLocks {

    private final Set<String> locked = ConcurrentHashMap.newKeySet();

    static String key(String topic, String group, int queueId) {
        return topic + "@" + group + "@" + queueId;
    }

    boolean tryLock(String key) {
        return locked.add(key);
    }

    void unlock(String key) {
        locked.remove(key);
    }
}
