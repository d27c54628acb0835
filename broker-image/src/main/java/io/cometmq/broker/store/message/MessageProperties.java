package io.cometmq.broker.store.message;

import java.util.HashMap;
import java.util.Map;

/**
 * The properties string of a record (wire protocol §8.4): {@code name 0x01 value 0x02 ...}, every pair terminated
 * by 0x02. Readers follow the Apache client: segments without a 0x01 strictly inside are skipped, the last duplicate
 * wins.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    public static final String TAGS = "TAGS";
    public static final String KEYS = "KEYS";
    public static final String WAIT = "WAIT";
    public static final String DELAY = "DELAY";
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String TRAN_MSG = "TRAN_MSG";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";
    public static final String CLUSTER = "CLUSTER";

    private MessageProperties() {
    }

    /** Encodes pairs in the map's iteration order; pairs with a null value are left out, as the Java client does. */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(properties.size() * 24);
        properties.forEach((name, value) -> {
            if (value != null) {
                requireNoSeparator(name);
                requireNoSeparator(value);
                out.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR);
            }
        });
        return out.toString();
    }

    public static Map<String, String> decode(String encoded) {
        Map<String, String> result = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return result;
        }
        int start = 0;
        int length = encoded.length();
        while (start < length) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int split = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (split > start && split < end - 1) {
                result.put(encoded.substring(start, split), encoded.substring(split + 1, end));
            }
            start = end + 1;
        }
        return result;
    }

    /** The value of one property without building a map (the last occurrence wins, like {@link #decode}). */
    public static String valueOf(String encoded, String name) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        String value = null;
        int from = 0;
        while (true) {
            int at = encoded.indexOf(name, from);
            if (at < 0) {
                return value;
            }
            int afterName = at + name.length();
            boolean startsPair = at == 0 || encoded.charAt(at - 1) == PROPERTY_SEPARATOR;
            if (startsPair && afterName < encoded.length() && encoded.charAt(afterName) == NAME_VALUE_SEPARATOR) {
                int end = encoded.indexOf(PROPERTY_SEPARATOR, afterName);
                String candidate = encoded.substring(afterName + 1, end < 0 ? encoded.length() : end);
                if (!candidate.isEmpty()) {
                    value = candidate;
                }
            }
            from = afterName;
        }
    }

    /** Appends one pair to an already encoded string, adding the missing terminator of the previous pair if needed. */
    public static String append(String encoded, String name, String value) {
        requireNoSeparator(name);
        requireNoSeparator(value);
        StringBuilder out = new StringBuilder(encoded == null ? "" : encoded);
        if (out.length() > 0 && out.charAt(out.length() - 1) != PROPERTY_SEPARATOR) {
            out.append(PROPERTY_SEPARATOR);
        }
        return out.append(name).append(NAME_VALUE_SEPARATOR).append(value).append(PROPERTY_SEPARATOR).toString();
    }

    private static void requireNoSeparator(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == NAME_VALUE_SEPARATOR || c == PROPERTY_SEPARATOR) {
                throw new IllegalArgumentException("property name or value contains a separator (0x01/0x02): " + text);
            }
        }
    }
}
