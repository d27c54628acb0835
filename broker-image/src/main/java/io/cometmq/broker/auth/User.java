package io.cometmq.broker.auth;

/**
 * A user as Apache's ACL 2.0 has it. A null type or status means "not given" (create fills in Normal/enable, update
 * keeps the old value). {@link #toString()} never shows the password.
 */
public record User(String username, String password, Type type, Status status) {

    public enum Type implements ApacheName {
        SUPER("Super"), NORMAL("Normal");

        private final String displayName;

        Type(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        public static Type byName(String name) {
            return ApacheName.parse(Type.class, name);
        }
    }

    public enum Status implements ApacheName {
        ENABLE("enable"), DISABLE("disable");

        private final String displayName;

        Status(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        public static Status byName(String name) {
            return ApacheName.parse(Status.class, name);
        }
    }

    public boolean isSuper() {
        return type == Type.SUPER;
    }

    public boolean enabled() {
        return status != Status.DISABLE;
    }

    /** The subject key ACLs are stored under. */
    public static String subjectOf(String username) {
        return "User:" + username;
    }

    @Override
    public String toString() {
        return "User[username=" + username + ", password=<redacted>, type=" + type + ", status=" + status + "]";
    }
}
