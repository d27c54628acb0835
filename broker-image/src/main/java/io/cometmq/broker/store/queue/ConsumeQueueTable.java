package io.cometmq.broker.store.queue;

import io.cometmq.broker.store.commitlog.QueueOffsetTable.QueueKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

/** All consume queues under {@code <root>/consumequeue}, created on first dispatch to a (topic, queueId). */
public final class ConsumeQueueTable {
    private final Path directory;
    private final int entriesPerFile;
    private final ConcurrentMap<String, ConcurrentMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(Path directory, int entriesPerFile) {
        this.directory = directory;
        this.entriesPerFile = entriesPerFile;
    }

    public void load() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> topics = Files.list(directory)) {
            for (Path topicDir : topics.filter(Files::isDirectory).toList()) {
                try (Stream<Path> ids = Files.list(topicDir)) {
                    for (Path queueDir : ids.filter(Files::isDirectory).toList()) {
                        String name = queueDir.getFileName().toString();
                        if (name.chars().allMatch(Character::isDigit)) {
                            int queueId = Integer.parseInt(name);
                            String topic = topicDir.getFileName().toString();
                            queuesOf(topic).put(queueId,
                                    new ConsumeQueue(queueDir, topic, queueId, entriesPerFile).load());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load consume queues from " + directory, e);
        }
    }

    public ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    public ConsumeQueue findOrCreate(String topic, int queueId) {
        return queuesOf(topic).computeIfAbsent(queueId, id -> new ConsumeQueue(
                directory.resolve(topic).resolve(Integer.toString(id)), topic, id, entriesPerFile));
    }

    private ConcurrentMap<Integer, ConsumeQueue> queuesOf(String topic) {
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }

    public List<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        queues.values().forEach(byId -> all.addAll(byId.values()));
        return all;
    }

    /** Next queue offset of every queue, to seed the commit log's offset table after recovery. */
    public Map<QueueKey, Long> maxOffsets() {
        Map<QueueKey, Long> offsets = new HashMap<>();
        for (ConsumeQueue queue : all()) {
            offsets.put(new QueueKey(queue.topic(), queue.queueId()), queue.maxOffset());
        }
        return offsets;
    }

    public void truncateBeyond(long commitLogEnd) {
        all().forEach(queue -> queue.truncateBeyond(commitLogEnd));
    }

    public void deleteBelow(long commitLogMinOffset) {
        all().forEach(queue -> queue.deleteBelow(commitLogMinOffset));
    }

    public void flush() {
        all().forEach(ConsumeQueue::flush);
    }

    /** Flushes the queues with at least {@code leastPages} unflushed pages. */
    public void flush(int leastPages) {
        all().forEach(queue -> queue.flush(leastPages));
    }

    /** Removes every queue and its files (a truncation emptied the commit log). */
    public void deleteAll() {
        new ArrayList<>(queues.keySet()).forEach(this::deleteTopic);
    }

    /** Removes a topic's queues and their files (topic deletion). */
    public void deleteTopic(String topic) {
        Map<Integer, ConsumeQueue> removed = queues.remove(topic);
        if (removed != null) {
            removed.values().forEach(ConsumeQueue::deleteFiles);
        }
    }
}
