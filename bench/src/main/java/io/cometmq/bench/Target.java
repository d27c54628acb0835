package io.cometmq.bench;

/** The brokers under test. */
public enum Target {
    APACHE("Apache RocketMQ 5.3.3"),
    COMETMQ("CometMQ");

    private final String displayName;

    Target(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
