package io.cometmq.broker.store.message;

/**
 * The consume-queue tags code (wire protocol §8.7): Java {@code String.hashCode()} of the TAGS property, sign-extended
 * to a long, or 0 without tags. Subscriptions carry the same hashes, so the broker filters without reading the log.
 */
public final class TagsCode {
    public static final long NO_TAGS = 0L;

    private TagsCode() {
    }

    public static long of(String tags) {
        return tags == null || tags.isEmpty() ? NO_TAGS : tags.hashCode();
    }
}
