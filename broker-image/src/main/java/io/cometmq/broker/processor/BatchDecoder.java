package io.cometmq.broker.processor;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SEND_BATCH_MESSAGE body into its messages. Each inner record: i32 total size, i32 magic (0), i32 body
 * CRC (0), i32 flag, i32 body length + body, i16 properties length + properties.
 */
final class BatchDecoder {

    /** One message of a batch. */
    record InnerMessage(int flag, byte[] body, String properties) {
    }

    private BatchDecoder() {
    }

    static List<InnerMessage> decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("batch body is empty");
        }
        List<InnerMessage> messages = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            while (in.hasRemaining()) {
                int start = in.position();
                int total = in.getInt();
                if (total < 22 || total > in.remaining() + 4) {
                    throw new IllegalArgumentException("batch message " + messages.size() + " claims " + total
                            + " bytes with " + (in.remaining() + 4) + " left");
                }
                in.getInt(); // magic
                in.getInt(); // body crc, computed by the store
                int flag = in.getInt();
                int bodyLength = in.getInt();
                if (bodyLength < 0 || bodyLength > in.remaining()) {
                    throw new IllegalArgumentException("batch message " + messages.size() + " has a bad body length "
                            + bodyLength);
                }
                byte[] messageBody = new byte[bodyLength];
                in.get(messageBody);
                int propertiesLength = Short.toUnsignedInt(in.getShort());
                if (propertiesLength > in.remaining()) {
                    throw new IllegalArgumentException("batch message " + messages.size()
                            + " has a bad properties length " + propertiesLength);
                }
                byte[] properties = new byte[propertiesLength];
                in.get(properties);
                if (in.position() - start != total) {
                    throw new IllegalArgumentException("batch message " + messages.size() + " size " + total
                            + " does not match its fields (" + (in.position() - start) + ")");
                }
                messages.add(new InnerMessage(flag, messageBody, new String(properties, StandardCharsets.UTF_8)));
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("batch body is truncated after " + messages.size() + " messages");
        }
        return messages;
    }
}
