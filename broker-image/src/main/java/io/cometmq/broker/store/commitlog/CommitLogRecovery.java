package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.file.MappedSegment;
import io.cometmq.broker.store.file.SegmentList;
import io.cometmq.broker.store.message.RecordInspector;
import io.cometmq.broker.store.message.RecordInspector.Inspection;
import io.cometmq.broker.store.message.RecordInspector.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Finds the end of the last whole record after a restart and cuts everything after it.
 *
 * <p>The scan starts at the beginning of the segment holding the safe point (the checkpoint's dispatched offset:
 * everything before it was verified and indexed before) or, without one, at the start of the last few segments.
 * It walks record by record checking TOTALSIZE, magic, field lengths, PHYSICALOFFSET and body CRC; the first record
 * that fails (a torn write from kill -9, or garbage) marks the end. The tail after it is zeroed and later segments are
 * deleted, so a second crash cannot bring the garbage back.
 */
public final class CommitLogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogRecovery.class);

    /**
     * @param scanStart   where the scan began (dispatch must restart no later than this)
     * @param end         offset just past the last whole record: the new write position
     * @param messages    whole messages seen by the scan
     * @param problem     why the scan stopped early, or null for a clean end
     */
    public record Result(long scanStart, long end, long messages, String problem) {
    }

    private CommitLogRecovery() {
    }

    /**
     * @param safePoint         checkpointed offset known to be whole, or a negative value when unknown
     * @param fallbackSegments  how many trailing segments to scan when there is no usable safe point
     */
    public static Result recover(CommitLog log, long safePoint, int fallbackSegments) {
        SegmentList segments = log.segments();
        if (segments.isEmpty()) {
            log.recovered(0);
            return new Result(0, 0, 0, null);
        }
        MappedSegment segment = startSegment(segments, safePoint, fallbackSegments);
        long scanStart = segment.baseOffset();
        long messages = 0;
        String problem = null;
        long end;
        scan:
        while (true) {
            ByteBuffer raw = segment.rawView();
            int position = 0;
            while (true) {
                Inspection inspection = RecordInspector.inspect(raw, position, segment.size(),
                        segment.baseOffset() + position, true);
                if (inspection.kind() == Kind.MESSAGE) {
                    messages++;
                    position += inspection.size();
                    continue;
                }
                if (inspection.kind() == Kind.BLANK) {
                    MappedSegment next = segments.next(segment);
                    if (next == null) {
                        end = segment.baseOffset() + segment.size();
                        break scan;
                    }
                    segment = next;
                    continue scan;
                }
                end = segment.baseOffset() + position;
                if (inspection.kind() == Kind.CORRUPT) {
                    problem = inspection.problem() + " at offset " + end + " in " + segment.file();
                } else if (segments.next(segment) != null) {
                    problem = "data ends at " + end + " but later segments exist";
                }
                break scan;
            }
        }
        if (problem != null) {
            LOG.warn("commit log recovery: truncating after offset {}: {}", end, problem);
        }
        segments.truncateFrom(end);
        log.recovered(end);
        LOG.info("commit log recovered: scanned {} messages from {}, log ends at {}", messages, scanStart, end);
        return new Result(scanStart, end, messages, problem);
    }

    private static MappedSegment startSegment(SegmentList segments, long safePoint, int fallbackSegments) {
        if (safePoint >= 0) {
            MappedSegment holder = segments.find(safePoint);
            if (holder != null) {
                return holder;
            }
            if (safePoint < segments.minOffset()) {
                return segments.first();
            }
        }
        List<MappedSegment> all = segments.all();
        return all.get(Math.max(0, all.size() - Math.max(1, fallbackSegments)));
    }
}
