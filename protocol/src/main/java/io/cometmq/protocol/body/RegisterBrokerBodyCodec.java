package io.cometmq.protocol.body;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * REGISTER_BROKER bodies in both forms RocketMQ brokers send: plain JSON, and the deflated binary form
 * ({@code compressed=true}): DataVersion JSON, then each topic in its text form
 * {@code name read write perm filterType attributesJson}, then the filter-server list.
 */
public final class RegisterBrokerBodyCodec {

    private static final int MAX_INFLATED = 64 * 1024 * 1024;

    private RegisterBrokerBodyCodec() {
    }

    public static byte[] encode(RegisterBrokerBody body) {
        return Json.encode(body);
    }

    public static RegisterBrokerBody decode(byte[] body, boolean compressed) {
        if (!compressed) {
            return Json.decode(body, RegisterBrokerBody.class);
        }
        ByteBuffer in = ByteBuffer.wrap(inflate(body));
        try {
            DataVersion version = Json.decode(readBlock(in), DataVersion.class);
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("compressed registration body claims " + count + " topics");
            }
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                TopicConfig topic = parseTopicText(new String(readBlock(in), StandardCharsets.UTF_8));
                topics.put(topic.topicName(), topic);
            }
            @SuppressWarnings("unchecked")
            List<String> filterServers = Json.decode(readBlock(in), List.class);
            return new RegisterBrokerBody(TopicConfigSerializeWrapper.of(topics, version), filterServers);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("compressed registration body is truncated");
        }
    }

    /** RocketMQ's CRC check value: CRC32 masked to a positive int. */
    public static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private static TopicConfig parseTopicText(String text) {
        String[] parts = text.split(" ", 6);
        if (parts.length < 5) {
            throw new IllegalArgumentException("malformed topic config text '" + text + "'");
        }
        Map<String, String> attributes = Map.of();
        if (parts.length == 6 && !parts[5].isBlank()) {
            @SuppressWarnings("unchecked")
            Map<String, String> parsed = Json.decode(parts[5].getBytes(StandardCharsets.UTF_8), Map.class);
            attributes = parsed;
        }
        try {
            return new TopicConfig(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    Integer.parseInt(parts[3]), parts[4], 0, false, attributes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed topic config text '" + text + "'");
        }
    }

    private static byte[] readBlock(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("compressed registration body has a block of " + length
                    + " bytes with only " + in.remaining() + " left");
        }
        byte[] block = new byte[length];
        in.get(block);
        return block;
    }

    private static byte[] inflate(byte[] body) {
        Inflater inflater = new Inflater();
        inflater.setInput(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("compressed registration body is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new IllegalArgumentException("compressed registration body inflates beyond "
                            + MAX_INFLATED + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("compressed registration body is not a deflate stream");
        } finally {
            inflater.end();
        }
    }
}
