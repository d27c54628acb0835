package io.cometmq.broker.assignment;

/**
 * How a topic's consumers of one group read it (Apache's SetMessageRequestModeRequestBody, JSON names as there).
 *
 * @param mode             PULL (the default) or POP
 * @param popShareQueueNum in POP mode, how many following clients' queues each client also pops (0 or less, or at
 *                         least the clients less one: every client pops every queue)
 */
public record RequestMode(String topic, String consumerGroup, Mode mode, int popShareQueueNum) {

    public enum Mode { PULL, POP }

    /** Apache's default when nothing was set: PULL. */
    public static RequestMode defaultFor(String topic, String consumerGroup) {
        return new RequestMode(topic, consumerGroup, Mode.PULL, 0);
    }
}
