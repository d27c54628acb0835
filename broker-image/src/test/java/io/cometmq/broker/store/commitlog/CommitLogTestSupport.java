package io.cometmq.broker.store.commitlog;

import io.cometmq.broker.store.TestMessages;
import io.cometmq.broker.store.message.MessageEncoder;
import io.cometmq.broker.store.message.MessageRecord;

import java.nio.file.Path;
import java.time.Clock;

/** Builds small commit logs and records for tests. */
final class CommitLogTestSupport {
    static final MessageEncoder ENCODER = new MessageEncoder(1024 * 1024, true);

    private CommitLogTestSupport() {
    }

    static CommitLog newLog(Path dir, int segmentSize) {
        CommitLog log = new CommitLog(dir, segmentSize, Clock.systemUTC());
        log.load();
        CommitLogRecovery.recover(log, -1, 3);
        return log;
    }

    static MessageRecord record(String topic, int queueId, String body) {
        return ENCODER.encode(TestMessages.message(topic, queueId, body));
    }
}
