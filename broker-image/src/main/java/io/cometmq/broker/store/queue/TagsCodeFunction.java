package io.cometmq.broker.store.queue;

import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.TagsCode;

/**
 * Computes the consume-queue tags code of a record. The default hashes TAGS (§8.7); the delay feature can plug in
 * one that stores the delivery time for SCHEDULE_TOPIC_XXXX instead.
 */
@FunctionalInterface
public interface TagsCodeFunction {
    TagsCodeFunction TAGS_HASH = message -> TagsCode.of(message.tags());

    long tagsCode(StoredMessageView message);
}
