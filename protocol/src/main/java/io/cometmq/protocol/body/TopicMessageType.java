package io.cometmq.protocol.body;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A topic's {@code message.type} attribute (RocketMQ 5): which kind of message it takes. Set with
 * {@code +message.type=FIFO} in UPDATE_AND_CREATE_TOPIC's attributes; a topic without it takes NORMAL messages.
 * MIXED takes every kind and is refused unless the broker's enableMixedMessageType is true, as in Apache.
 */
public enum TopicMessageType {
    UNSPECIFIED, NORMAL, FIFO, DELAY, TRANSACTION, MIXED;

    /** The topic attribute's key (without the '+' that adds it, or the '-' that removes it). */
    public static final String ATTRIBUTE = "message.type";

    private static final List<String> DELAY_PROPERTIES = List.of("DELAY", "TIMER_DELIVER_MS", "TIMER_DELAY_SEC",
            "TIMER_DELAY_MS");

    /** The type a topic's attributes declare: NORMAL when absent. */
    public static TopicMessageType ofTopic(Map<String, String> attributes) {
        String value = attributes == null ? null : attributes.get(ATTRIBUTE);
        return value == null ? NORMAL : parse(value);
    }

    /** A value of the attribute; anything else is refused naming the allowed values. */
    public static TopicMessageType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message.type must be one of " + List.of(values()) + ", not '"
                    + value + "'");
        }
    }

    /**
     * The kind of a message, from its properties, as Apache's proxy decides it: TRAN_MSG=true is TRANSACTION; a
     * delay level or delivery time is DELAY; a sharding key (message group) is FIFO; else NORMAL.
     */
    public static TopicMessageType ofMessage(Map<String, String> properties) {
        if ("true".equals(properties.get("TRAN_MSG"))) {
            return TRANSACTION;
        }
        for (String delay : DELAY_PROPERTIES) {
            if (properties.containsKey(delay)) {
                return DELAY;
            }
        }
        return properties.containsKey("__SHARDINGKEY") ? FIFO : NORMAL;
    }

    /** Whether a topic of this type takes a message of {@code actual} type. */
    public boolean accepts(TopicMessageType actual) {
        return actual != UNSPECIFIED && (this == MIXED || this == actual);
    }

    /** Apache's refusal text for a mismatched send. */
    public String mismatch(TopicMessageType actual) {
        return "TopicMessageType validate failed, the expected type is " + this + ", but actual type is " + actual;
    }
}
