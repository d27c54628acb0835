package io.cometmq.broker.store;

import io.cometmq.broker.store.message.StoredMessageView;

import java.util.Collection;
import java.util.Set;

/**
 * Decides which messages a get returns. The tags code comes from the consume queue, so filtering by it costs no
 * commit-log read; {@link #matchesMessage} sees the record (properties decoded lazily) for filters that need more.
 */
@FunctionalInterface
public interface MessageFilter {
    MessageFilter ALL = tagsCode -> true;

    boolean matchesTagsCode(long tagsCode);

    default boolean matchesMessage(StoredMessageView message) {
        return true;
    }

    /** A subscription's tag hash set (§8.7); messages without tags (code 0) match only if 0 is in the set. */
    static MessageFilter byTagsCodes(Collection<? extends Number> codes) {
        Set<Long> set = Set.copyOf(codes.stream().map(Number::longValue).toList());
        return set::contains;
    }
}
