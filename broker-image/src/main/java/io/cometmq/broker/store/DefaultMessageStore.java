package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.commitlog.CommitLogFlusher;
import io.cometmq.broker.store.commitlog.CommitLogRecovery;
import io.cometmq.broker.store.commitlog.FlushService;
import io.cometmq.broker.store.commitlog.GroupCommit;
import io.cometmq.broker.store.index.IndexService;
import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.queue.ConsumeQueueDispatcher;
import io.cometmq.broker.store.queue.ConsumeQueueTable;
import io.cometmq.broker.store.queue.MessageArrivalListener;
import io.cometmq.broker.store.queue.ReputService;
import io.cometmq.broker.store.queue.TagsCodeFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires commit log, consume queues, index, checkpoint, flushing and retention together; holds no logic of its own. */
public final class DefaultMessageStore implements MessageStore {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessageStore.class);

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final ReputService reput;
    private final CommitLogFlusher flusher;
    private final Checkpoint checkpoint;
    private final CheckpointService checkpointService;
    private final DiskSpaceGuard diskGuard;
    private final RetentionService retention;
    private final StoreStats stats = new StoreStats();
    private final MessageWriter writer;
    private final StoreTruncation truncation;
    private final QueueReader reader;
    private final ScheduledExecutorService scheduler;
    private final DiskUsageProbe diskUsage;
    private volatile boolean running;
    private FileChannel lockChannel;
    private FileLock lock;

    public DefaultMessageStore(StoreConfig config) {
        this(config, Clock.systemUTC(), DiskUsageProbe.of(config.storePathRootDir()), TagsCodeFunction.TAGS_HASH);
    }

    public DefaultMessageStore(StoreConfig config, Clock clock, DiskUsageProbe diskUsage, TagsCodeFunction tagsCodes) {
        this.config = config;
        this.diskUsage = diskUsage;
        this.commitLog = new CommitLog(config.commitLogDir(), config.mappedFileSizeCommitLog(), clock);
        this.consumeQueues = new ConsumeQueueTable(config.consumeQueueDir(), config.consumeQueueEntriesPerFile());
        this.index = new IndexService(config.indexDir(), config.indexSlotCount(), config.indexMaxEntries(), clock);
        this.reput = new ReputService(commitLog, List.of(new ConsumeQueueDispatcher(consumeQueues), index), tagsCodes);
        this.flusher = config.flushDiskType() == FlushDiskType.SYNC_FLUSH
                ? new GroupCommit(commitLog, config.syncFlushTimeoutMillis(), config.flushIntervalMillis())
                : new FlushService(commitLog, config.flushIntervalMillis());
        this.checkpoint = Checkpoint.load(config.checkpointFile());
        this.checkpointService = new CheckpointService(checkpoint, commitLog, reput, consumeQueues, index,
                config.consumeQueueFlushLeastPages(), config.thoroughFlushIntervalMillis());
        this.diskGuard = new DiskSpaceGuard(config.diskMaxUsedRatio());
        this.retention = new RetentionService(config, clock, commitLog, consumeQueues, index, reput, diskUsage,
                diskGuard);
        this.writer = new MessageWriter(commitLog, flusher,
                new MessageEncoder(config.maxMessageSize(), config.longTopicsUseV2()), diskGuard, stats,
                () -> running, clock);
        this.truncation = new StoreTruncation(commitLog, consumeQueues, index, reput, checkpointService);
        this.reader = new QueueReader(consumeQueues, commitLog, config.maxScanEntriesPerGet());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        commitLog.setAppendListener(reput::wakeup);
    }

    /**
     * Recovery: find the commit log's last whole record from the checkpoint's safe point, cut the torn tail, drop
     * consume-queue entries beyond it, then re-dispatch from the safe point so consume queues and index cover every
     * whole record before the first put is accepted.
     */
    @Override
    public synchronized void start() {
        lockStoreDirectory();
        boolean derivedDataLost = !Files.isDirectory(config.consumeQueueDir()) || !Files.isDirectory(config.indexDir());
        createDirectories();
        commitLog.load();
        long safePoint = CheckpointService.safePoint(checkpoint);
        CommitLogRecovery.Result recovered = CommitLogRecovery.recover(commitLog, safePoint,
                config.recoverLastSegments());
        long dispatchFrom = safePoint >= 0 ? Math.min(safePoint, recovered.end()) : recovered.scanStart();
        if (derivedDataLost) {
            dispatchFrom = commitLog.minOffset(); // consume queues or index deleted: rebuild them from the whole log
        }
        dispatchFrom = Math.max(dispatchFrom, commitLog.minOffset());
        consumeQueues.load();
        // Entries after the safe point may be missing or torn (not yet flushed); re-dispatch writes them again.
        consumeQueues.truncateBeyond(dispatchFrom);
        index.load();
        reput.startFrom(dispatchFrom);
        long redispatched = reput.dispatchAvailable();
        consumeQueues.deleteBelow(commitLog.minOffset());
        commitLog.queueOffsets().reset(consumeQueues.maxOffsets());
        LOG.info("store recovered: commit log [{}, {}), re-dispatched {} messages from {}", commitLog.minOffset(),
                recovered.end(), redispatched, dispatchFrom);
        retention.runOnce();
        flusher.start();
        reput.start();
        scheduler.scheduleWithFixedDelay(() -> runQuietly("checkpoint", checkpointService::runPeriodic),
                config.checkpointIntervalMillis(), config.checkpointIntervalMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly("retention", retention::runOnce),
                config.cleanupIntervalMillis(), config.cleanupIntervalMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.shutdown();
        reput.shutdown();
        commitLog.flush();
        checkpointService.runOnce();
        releaseLock();
        LOG.info("store shut down cleanly at commit-log offset {}", commitLog.maxOffset());
    }

    /**
     * Test hook for crash recovery: stops every thread as kill -9 would, without the final dispatch, flush of
     * consume queues and index, or checkpoint (bytes already in the mapped files stay, like the page cache does).
     */
    synchronized void simulateCrash() {
        running = false;
        scheduler.shutdownNow();
        reput.halt();
        flusher.shutdown();
        releaseLock();
    }

    private void createDirectories() {
        try {
            Files.createDirectories(config.consumeQueueDir());
            Files.createDirectories(config.indexDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store directories under " + config.storePathRootDir(), e);
        }
    }

    private void lockStoreDirectory() {
        try {
            Files.createDirectories(config.storePathRootDir());
            lockChannel = FileChannel.open(config.storePathRootDir().resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("store " + config.storePathRootDir() + " is used by another process");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock store " + config.storePathRootDir(), e);
        }
    }

    private void releaseLock() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("cannot release store lock", e);
        }
    }

    private static void runQuietly(String task, Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException e) {
            LOG.error("store {} task failed", task, e);
        }
    }

    @Override
    public CompletableFuture<PutResult> put(MessageToStore message) {
        return writer.put(List.of(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatch(List<MessageToStore> messages) {
        return writer.put(messages);
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxMessages, int maxBytes, MessageFilter filter) {
        GetResult result = reader.get(topic, queueId, offset, maxMessages, maxBytes, filter, null);
        stats.got(result.status() == GetStatus.FOUND);
        return result;
    }

    @Override
    public GetResult getForConsumer(String topic, int queueId, long offset, int maxMessages, int maxBytes,
            MessageFilter filter) {
        GetResult result = reader.get(topic, queueId, offset, maxMessages, maxBytes, filter, config.transfer());
        stats.got(result.status() == GetStatus.FOUND);
        return result;
    }

    @Override
    public long maxOffsetInQueue(String topic, int queueId) {
        var queue = consumeQueues.find(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    @Override
    public long minOffsetInQueue(String topic, int queueId) {
        var queue = consumeQueues.find(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    @Override
    public long offsetInQueueByTime(String topic, int queueId, long timestamp) {
        return reader.offsetByTime(topic, queueId, timestamp);
    }

    @Override
    public long earliestMessageTime(String topic, int queueId) {
        return reader.earliestMessageTime(topic, queueId);
    }

    @Override
    public long earliestMessageTime() {
        long offset = commitLog.minOffset();
        StoredMessageView first = commitLog.messageAt(offset);
        return first == null ? -1 : first.storeTimestamp();
    }

    @Override
    public long storeTimeOf(String topic, int queueId, long queueOffset) {
        return reader.storeTimeOf(topic, queueId, queueOffset);
    }

    @Override
    public Optional<StoredMessageView> lookMessageByOffset(long physicalOffset) {
        return Optional.ofNullable(commitLog.messageAt(physicalOffset));
    }

    @Override
    public QueryResult queryByKey(String topic, String key, int maxNum, long begin, long end) {
        List<Long> offsets = index.query(topic, key, maxNum, begin, end, offset -> {
            StoredMessageView message = commitLog.messageAt(offset);
            return message != null && message.topic().equals(topic) && carriesKey(message, key)
                    && message.storeTimestamp() >= begin && message.storeTimestamp() <= end;
        });
        List<StoredMessageView> messages = offsets.stream().map(commitLog::messageAt).toList();
        return new QueryResult(messages, index.lastUpdateTimestamp(), index.lastUpdatePhyOffset());
    }

    private static boolean carriesKey(StoredMessageView message, String key) {
        String keys = message.keys();
        return key.equals(message.uniqueKey()) || (keys != null && Arrays.asList(keys.split(" ")).contains(key));
    }

    @Override
    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    @Override
    public long commitLogMaxOffset() {
        return commitLog.maxOffset();
    }

    @Override
    public long flushedOffset() {
        return commitLog.flushedOffset();
    }

    @Override
    public long dispatchedOffset() {
        return reput.dispatchedOffset();
    }

    @Override
    public void addArrivalListener(MessageArrivalListener listener) {
        reput.addListener(listener);
    }

    @Override
    public StoreStats.Snapshot stats() {
        return stats.snapshot();
    }

    @Override
    public boolean isDiskFull() {
        return diskGuard.isFull();
    }

    @Override
    public double diskUsedRatio() {
        return diskUsage.usedRatio();
    }

    @Override
    public ByteBuffer readCommitLog(long offset, int maxBytes) {
        return commitLog.readRaw(offset, maxBytes);
    }

    @Override
    public long appendToCommitLog(long offset, ByteBuffer data) {
        return commitLog.appendRaw(offset, data);
    }

    @Override
    public void truncateTo(long physicalOffset) {
        truncation.truncateTo(physicalOffset);
    }

    @Override
    public boolean awaitDispatched(long timeoutMillis) {
        return reput.awaitDispatched(commitLog.maxOffset(), timeoutMillis);
    }

    @Override
    public void prepareForWrites() {
        truncation.prepareForWrites();
    }

    @Override
    public void deleteTopic(String topic) {
        consumeQueues.deleteTopic(topic);
        commitLog.queueOffsets().remove(topic);
    }

    /** Runs retention and the disk check now (normally every cleanupIntervalMillis). */
    public int runRetentionNow() {
        return retention.runOnce();
    }

    /** Flushes consume queues and index and records the safe point now (normally every checkpointIntervalMillis). */
    public void checkpointNow() {
        checkpointService.runOnce();
    }

    @Override
    public StoreConfig config() {
        return config;
    }

    @Override
    public Map<String, Integer> topicQueueCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        consumeQueues.maxOffsets().keySet().forEach(key ->
                counts.merge(key.topic(), key.queueId() + 1, Math::max));
        return counts;
    }
}
