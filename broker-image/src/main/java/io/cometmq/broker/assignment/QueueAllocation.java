package io.cometmq.broker.assignment;

import io.cometmq.protocol.body.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * Which queues a client of a group gets, by the strategy its client names (the names of Apache's allocation
 * strategies, "AVG" and "AVG_BY_CIRCLE"), and the POP variant that lets clients share queues. Pure: the queue and
 * client lists are given sorted.
 */
public final class QueueAllocation {

    public static final String AVERAGELY = "AVG";
    public static final String AVERAGELY_BY_CIRCLE = "AVG_BY_CIRCLE";
    /** The queue id of a POP assignment that covers every queue of its broker. */
    public static final int ALL_QUEUES = -1;

    private QueueAllocation() {
    }

    public static boolean supports(String strategy) {
        return AVERAGELY.equals(strategy) || AVERAGELY_BY_CIRCLE.equals(strategy);
    }

    /** The queues of {@code client} (empty when it is not among {@code clients}). */
    public static List<MessageQueue> allocate(String strategy, String client, List<MessageQueue> queues,
            List<String> clients) {
        int index = clients.indexOf(client);
        if (index < 0 || queues.isEmpty()) {
            return List.of();
        }
        List<MessageQueue> mine = new ArrayList<>();
        if (AVERAGELY_BY_CIRCLE.equals(strategy)) {
            for (int i = index; i < queues.size(); i += clients.size()) {
                mine.add(queues.get(i));
            }
            return mine;
        }
        if (!AVERAGELY.equals(strategy)) {
            throw new IllegalArgumentException("unknown allocation strategy " + strategy + " (known: " + AVERAGELY
                    + ", " + AVERAGELY_BY_CIRCLE + ")");
        }
        // contiguous ranges; the first (queues % clients) clients take one queue more
        int remainder = queues.size() % clients.size();
        int size = queues.size() <= clients.size() ? 1
                : queues.size() / clients.size() + (index < remainder ? 1 : 0);
        int start = index < remainder ? index * size : index * size + remainder;
        for (int i = start; i < Math.min(start + size, queues.size()); i++) {
            mine.add(queues.get(i));
        }
        return mine;
    }

    /**
     * POP mode: with {@code shareQueueNum} ≤ 0 or ≥ clients − 1 every client pops every queue (each broker's queues
     * as one with queue id {@link #ALL_QUEUES}, duplicates left for the caller's set); otherwise a client pops its own
     * queues and those of the {@code shareQueueNum} clients after it; with more clients than queues each client
     * gets one queue round-robin so none is idle.
     */
    public static List<MessageQueue> allocateForPop(String strategy, String client, List<MessageQueue> queues,
            List<String> clients, int shareQueueNum) {
        if (shareQueueNum <= 0 || shareQueueNum >= clients.size() - 1) {
            // Apache's check (clients - 1): with two clients and share 1 both pop everything too
            List<MessageQueue> all = new ArrayList<>(queues.size());
            for (MessageQueue queue : queues) {
                all.add(new MessageQueue(queue.topic(), queue.brokerName(), ALL_QUEUES));
            }
            return all;
        }
        int index = clients.indexOf(client);
        if (clients.size() > queues.size()) {
            return index < 0 || queues.isEmpty() ? List.of() : List.of(queues.get(index % queues.size()));
        }
        List<MessageQueue> mine = new ArrayList<>(allocate(strategy, client, queues, clients));
        if (index >= 0) {
            for (int i = 1; i <= shareQueueNum; i++) {
                mine.addAll(allocate(strategy, clients.get((index + i) % clients.size()), queues, clients));
            }
        }
        return mine;
    }
}
