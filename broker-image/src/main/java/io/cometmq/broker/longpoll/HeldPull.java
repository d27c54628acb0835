package io.cometmq.broker.longpoll;

/**
 * A pull that found nothing and waits for a message. {@code retry} runs the pull again without suspension and
 * answers the client; it is called exactly once, when a matching message arrives or the hold expires.
 *
 * @param offset       queue offset the client asked for: any arrival at or past it may satisfy the pull
 * @param tagsFilter   whether an arriving message's tags code interests this pull
 */
public record HeldPull(String topic, int queueId, long offset, long deadlineMillis,
        java.util.function.LongPredicate tagsFilter, Runnable retry) {
}
