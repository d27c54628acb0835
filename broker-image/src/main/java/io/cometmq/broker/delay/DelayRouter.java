package io.cometmq.broker.delay;

import io.cometmq.broker.meta.TopicConfigManager;
import io.cometmq.broker.processor.MessageRouter;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.MessageToStore;
import io.cometmq.broker.store.message.SysFlag;
import java.time.Clock;
import java.util.Map;

/**
 * Parks messages that must not be delivered yet. A delay level ({@code DELAY=n}) goes to queue n-1 of
 * SCHEDULE_TOPIC_XXXX, where every message of a queue waits equally long, so each queue is delivered in order;
 * an arbitrary delivery time (RocketMQ 5's {@code TIMER_DELIVER_MS}, {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS})
 * goes to the timer topic. Both remember the real topic and queue in REAL_TOPIC / REAL_QID.
 */
public final class DelayRouter implements MessageRouter {

    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** Delivery time of a timer message, as the broker stores it. */
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";

    private final DelayLevels levels;
    private final Clock clock;
    private final long maxTimerDelayMillis;

    public DelayRouter(DelayLevels levels, Clock clock, long maxTimerDelayMillis) {
        this.levels = levels;
        this.clock = clock;
        this.maxTimerDelayMillis = maxTimerDelayMillis;
    }

    @Override
    public MessageToStore route(MessageToStore message) {
        if (SysFlag.transactionType(message.sysFlag()) == SysFlag.TRANSACTION_PREPARED
                || message.topic().equals(TopicConfigManager.SCHEDULE_TOPIC) || message.topic().equals(TIMER_TOPIC)) {
            return null;
        }
        Map<String, String> properties = MessageProperties.decode(message.properties());
        Integer level = delayLevel(properties.get(MessageProperties.DELAY));
        if (level != null) {
            properties.put(MessageProperties.REAL_TOPIC, message.topic());
            properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()));
            return copy(message, TopicConfigManager.SCHEDULE_TOPIC, level - 1, properties);
        }
        Long deliverAt = deliveryTime(properties);
        if (deliverAt != null && deliverAt > clock.millis()) {
            properties.put(MessageProperties.REAL_TOPIC, message.topic());
            properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()));
            properties.put(TIMER_OUT_MS, Long.toString(deliverAt));
            return copy(message, TIMER_TOPIC, 0, properties);
        }
        return null;
    }

    /** The level to delay by, null for none (absent or ≤ 0, as RocketMQ treats it); out of range is an error. */
    private Integer delayLevel(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int level;
        try {
            level = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property DELAY must be a delay level 1.." + levels.maxLevel()
                    + ", was '" + value + "'");
        }
        if (level <= 0) {
            return null;
        }
        if (level > levels.maxLevel()) {
            throw new IllegalArgumentException("delay level " + level + " is out of range: this broker has levels 1.."
                    + levels.maxLevel() + " (messageDelayLevel)");
        }
        return level;
    }

    private Long deliveryTime(Map<String, String> properties) {
        long now = clock.millis();
        Long at = null;
        if (properties.containsKey(TIMER_DELIVER_MS)) {
            at = parse(properties.get(TIMER_DELIVER_MS), TIMER_DELIVER_MS);
        } else if (properties.containsKey(TIMER_DELAY_SEC)) {
            at = now + parse(properties.get(TIMER_DELAY_SEC), TIMER_DELAY_SEC) * 1000;
        } else if (properties.containsKey(TIMER_DELAY_MS)) {
            at = now + parse(properties.get(TIMER_DELAY_MS), TIMER_DELAY_MS);
        }
        if (at != null && at - now > maxTimerDelayMillis) {
            throw new IllegalArgumentException("delivery time is " + (at - now) / 1000 + " s away, more than the "
                    + "maximum of " + maxTimerDelayMillis / 1000 + " s (timerMaxDelaySec)");
        }
        return at;
    }

    private static long parse(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + name + " must be an integer, was '" + value + "'");
        }
    }

    private static MessageToStore copy(MessageToStore message, String topic, int queueId,
            Map<String, String> properties) {
        return new MessageToStore(topic, queueId, message.flag(), message.body(), MessageProperties.encode(properties),
                message.sysFlag(), message.bornTimestamp(), message.bornHost(), message.storeHost(),
                message.reconsumeTimes(), message.preparedTransactionOffset());
    }

    /**
     * The message as it is finally delivered: real topic and queue, no delay, not waited for (RocketMQ's rules). A
     * timer message keeps its delivery time as {@code TIMER_DELIVER_MS} (absolute, so it is in the past and parks
     * nothing if the message is sent again), as Apache's timer keeps it: gRPC consumers read it as the message's
     * delivery timestamp.
     */
    public static MessageToStore restore(io.cometmq.broker.store.message.StoredMessageView parked,
            java.net.InetSocketAddress storeHost) {
        Map<String, String> properties = new java.util.HashMap<>(parked.properties());
        String topic = properties.get(MessageProperties.REAL_TOPIC);
        String queue = properties.get(MessageProperties.REAL_QUEUE_ID);
        if (topic == null || queue == null) {
            return null;
        }
        properties.remove(MessageProperties.DELAY);
        String deliveredAt = properties.get(TIMER_OUT_MS);
        properties.remove(TIMER_DELIVER_MS);
        properties.remove(TIMER_DELAY_SEC);
        properties.remove(TIMER_DELAY_MS);
        if (deliveredAt != null) {
            properties.put(TIMER_DELIVER_MS, deliveredAt);
        }
        properties.put(MessageProperties.WAIT, "false");
        return new MessageToStore(topic, Integer.parseInt(queue), parked.flag(), parked.body(),
                MessageProperties.encode(properties), parked.sysFlag(), parked.bornTimestamp(), parked.bornHost(),
                storeHost, parked.reconsumeTimes(), parked.preparedTransactionOffset());
    }
}
