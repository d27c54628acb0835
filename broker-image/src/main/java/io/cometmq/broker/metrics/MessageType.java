package io.cometmq.broker.metrics;

import java.util.Map;

/** The {@code message_type} label: how Apache RocketMQ's BrokerMetricsManager classifies a sent message. */
public enum MessageType {
    NORMAL("normal"), FIFO("fifo"), DELAY("delay"), TRANSACTION("transaction");

    private static final String[] DELAY_PROPERTIES = {"DELAY", "__STARTDELIVERTIME", "TIMER_DELIVER_MS",
        "TIMER_DELAY_SEC", "TIMER_DELAY_MS"};

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** TRAN_MSG=true: transaction; a sharding key: fifo; a delay level or delivery time: delay; else normal. */
    public static MessageType of(Map<String, String> properties) {
        if ("true".equals(properties.get("TRAN_MSG"))) {
            return TRANSACTION;
        }
        if (properties.containsKey("__SHARDINGKEY")) {
            return FIFO;
        }
        for (String delay : DELAY_PROPERTIES) {
            String value = properties.get(delay);
            if (value != null && !value.isEmpty() && !value.equals("0")) {
                return DELAY;
            }
        }
        return NORMAL;
    }
}
