package io.cometmq.protocol.pop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three strings of a POP_MESSAGE response header from which the client builds each message's receipt handle
 * (Apache's ExtraInfoUtil formats). Entries are separated by ';', fields by ' '; keys of the parsed maps are
 * {@code <retryMarker>@<queueId>} (or {@code <retryMarker>@qo<queueId>%<queueOffset>} for per-message order counts).
 * <ul>
 *   <li>startOffsetInfo: {@code <retryMarker> <queueId> <startOffset>} per queue popped</li>
 *   <li>msgOffsetInfo: {@code <retryMarker> <queueId> <offset>,<offset>,...} per queue popped</li>
 *   <li>orderCountInfo (FIFO pops): {@code <retryMarker> qo<queueId>%<queueOffset> <count>} per message, or
 *       {@code <retryMarker> <queueId> <count>} per queue; the count becomes the message's reconsume times</li>
 * </ul>
 */
public final class PopOffsetInfo {

    private PopOffsetInfo() {
    }

    public static String key(String topic, int queueId) {
        return PopNames.retryMarker(topic) + "@" + queueId;
    }

    public static String orderCountKey(String topic, int queueId, long queueOffset) {
        return PopNames.retryMarker(topic) + "@qo" + queueId + "%" + queueOffset;
    }

    public static void appendStartOffset(StringBuilder out, String topic, int queueId, long startOffset) {
        separate(out).append(PopNames.retryMarker(topic)).append(' ').append(queueId).append(' ').append(startOffset);
    }

    public static void appendMessageOffsets(StringBuilder out, String topic, int queueId, List<Long> offsets) {
        separate(out).append(PopNames.retryMarker(topic)).append(' ').append(queueId).append(' ');
        for (int i = 0; i < offsets.size(); i++) {
            out.append(i == 0 ? "" : ",").append(offsets.get(i));
        }
    }

    public static void appendQueueOrderCount(StringBuilder out, String topic, int queueId, int count) {
        separate(out).append(PopNames.retryMarker(topic)).append(' ').append(queueId).append(' ').append(count);
    }

    public static void appendOffsetOrderCount(StringBuilder out, String topic, int queueId, long queueOffset,
            int count) {
        separate(out).append(PopNames.retryMarker(topic)).append(" qo").append(queueId).append('%')
                .append(queueOffset).append(' ').append(count);
    }

    public static Map<String, Long> parseStartOffsets(String info) {
        Map<String, Long> out = new HashMap<>();
        for (String[] entry : entries(info, "startOffsetInfo")) {
            out.put(entry[0] + "@" + entry[1], parse(entry[2], "startOffsetInfo", info));
        }
        return out;
    }

    public static Map<String, List<Long>> parseMessageOffsets(String info) {
        Map<String, List<Long>> out = new HashMap<>();
        for (String[] entry : entries(info, "msgOffsetInfo")) {
            List<Long> offsets = new ArrayList<>();
            for (String offset : entry[2].split(",")) {
                offsets.add(parse(offset, "msgOffsetInfo", info));
            }
            out.put(entry[0] + "@" + entry[1], offsets);
        }
        return out;
    }

    public static Map<String, Integer> parseOrderCounts(String info) {
        Map<String, Integer> out = new HashMap<>();
        for (String[] entry : entries(info, "orderCountInfo")) {
            out.put(entry[0] + "@" + entry[1], (int) parse(entry[2], "orderCountInfo", info));
        }
        return out;
    }

    private static List<String[]> entries(String info, String name) {
        List<String[]> out = new ArrayList<>();
        if (info == null || info.isEmpty()) {
            return out;
        }
        for (String entry : info.split(";")) {
            String[] fields = entry.split(" ");
            if (fields.length != 3) {
                throw new IllegalArgumentException(name + " entry must have 3 fields separated by spaces: '"
                        + entry + "' in '" + info + "'");
            }
            out.add(fields);
        }
        return out;
    }

    private static long parse(String value, String name, String info) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " has a value that is not a number: '" + value + "' in '"
                    + info + "'");
        }
    }

    private static StringBuilder separate(StringBuilder out) {
        return out.length() > 0 ? out.append(';') : out;
    }
}
