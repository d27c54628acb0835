package io.cometmq.bench;

/** The brokers under test. */
public enum Target {
    APACHE("Apache RocketMQ 5.3.3"),
    COMETMQ("CometMQ"),
    /** CometMQ with ACL 2.0 authentication and authorization on; the load runs as a normal user ({@link BenchAuth}). */
    COMETMQ_ACL("CometMQ, ACL on");

    private final String displayName;

    Target(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean acl() {
        return this == COMETMQ_ACL;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
