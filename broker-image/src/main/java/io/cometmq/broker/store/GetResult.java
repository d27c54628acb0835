package io.cometmq.broker.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Messages read from one queue.
 *
 * @param messages     the raw stored records (read-only slices of the commit log), ready to be written back to back
 *                     as a PULL response body
 * @param queueOffsets the queue offset of each record in {@code messages}
 */
public record GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset,
        List<ByteBuffer> messages, List<Long> queueOffsets) {

    public GetResult {
        messages = List.copyOf(messages);
        queueOffsets = List.copyOf(queueOffsets);
    }

    static GetResult empty(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset) {
        return new GetResult(status, nextBeginOffset, minOffset, maxOffset, List.of(), List.of());
    }

    public int messageCount() {
        return messages.size();
    }

    public int totalBytes() {
        return messages.stream().mapToInt(ByteBuffer::remaining).sum();
    }

    /** The records concatenated into one array (the PULL body); a network layer can instead wrap the slices. */
    public byte[] toBody() {
        ByteBuffer body = ByteBuffer.allocate(totalBytes());
        messages.forEach(message -> body.put(message.duplicate()));
        return body.array();
    }
}
