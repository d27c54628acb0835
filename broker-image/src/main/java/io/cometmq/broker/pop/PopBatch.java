package io.cometmq.broker.pop;

import io.cometmq.protocol.header.PopHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** What one POP_MESSAGE collects over the queues it reads: the messages, the header's offset infos, the backlog. */
final class PopBatch {

    final long popTime;
    final long invisibleTime;
    final int reviveQid;
    final int maxMessages;
    final List<ByteBuffer> messages = new ArrayList<>();
    final StringBuilder startOffsetInfo = new StringBuilder();
    final StringBuilder msgOffsetInfo = new StringBuilder();
    final StringBuilder orderCountInfo = new StringBuilder();
    long restNum;
    /** Why a queue's messages could not be handed out (its check point was not stored), or null. */
    String failure;

    PopBatch(long popTime, long invisibleTime, int reviveQid, int maxMessages) {
        this.popTime = popTime;
        this.invisibleTime = invisibleTime;
        this.reviveQid = reviveQid;
        this.maxMessages = maxMessages;
    }

    int room() {
        return maxMessages - messages.size();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    PopHeaders.PopResponse header() {
        return new PopHeaders.PopResponse(popTime, invisibleTime, reviveQid, restNum, orNull(startOffsetInfo),
                orNull(msgOffsetInfo), orNull(orderCountInfo));
    }

    byte[] body() {
        int size = messages.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer body = ByteBuffer.allocate(size);
        messages.forEach(message -> body.put(message.duplicate()));
        return body.array();
    }

    private static String orNull(StringBuilder info) {
        return info.length() == 0 ? null : info.toString();
    }
}
