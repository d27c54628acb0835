package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.CommitLog;
import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.index.IndexService;
import io.cometmq.broker.store.queue.ConsumeQueueTable;
import io.cometmq.broker.store.queue.ReputService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Deletes old commit-log files and what points into them. A file goes when it is older than fileReservedTime and
 * the hour is in deleteWhen, or — whatever its age — when disk usage is above diskCleanRatio (one file per run,
 * up to ten while writes are refused). The file being written and anything not yet dispatched are never deleted.
 * Consume-queue files, min offsets and index files follow the commit log's new first offset.
 */
final class RetentionService {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
    private static final int MAX_DELETES_WHEN_FULL = 10;

    private final StoreConfig config;
    private final Clock clock;
    private final RetentionSchedule schedule;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final ReputService reput;
    private final DiskUsageProbe diskUsage;
    private final DiskSpaceGuard guard;

    RetentionService(StoreConfig config, Clock clock, CommitLog commitLog, ConsumeQueueTable consumeQueues,
            IndexService index, ReputService reput, DiskUsageProbe diskUsage, DiskSpaceGuard guard) {
        this.config = config;
        this.clock = clock;
        this.schedule = new RetentionSchedule(config.deleteWhen(), clock);
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.reput = reput;
        this.diskUsage = diskUsage;
        this.guard = guard;
    }

    /** One pass: refresh the disk guard, delete what is due; returns the number of commit-log files deleted. */
    synchronized int runOnce() {
        double usage = diskUsage.usedRatio();
        guard.update(usage);
        boolean pressure = usage >= config.diskCleanRatio();
        int pressureBudget = !pressure ? 0 : guard.isFull() ? MAX_DELETES_WHEN_FULL : 1;
        boolean deleteHour = schedule.isDeleteHour();
        long expiredBefore = clock.millis() - TimeUnit.HOURS.toMillis(config.fileReservedTimeHours());
        int deleted = 0;
        while (true) {
            MappedSegment oldest = commitLog.segments().first();
            if (oldest == null) {
                break;
            }
            boolean expired = deleteHour && oldest.lastModifiedMillis() < expiredBefore;
            boolean forced = deleted < pressureBudget;
            if (!(expired || forced) || !commitLog.deleteOldestSegmentBefore(reput.dispatchedOffset())) {
                break;
            }
            deleted++;
            LOG.info("retention deleted {} ({}, disk usage {}%)", oldest.file(), expired ? "expired" : "disk pressure",
                    Math.round(usage * 100));
        }
        if (deleted > 0) {
            long min = commitLog.minOffset();
            consumeQueues.deleteBelow(min);
            index.deleteBelow(min);
        }
        return deleted;
    }
}
