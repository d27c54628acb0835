package io.cometmq.broker.auth;

import io.cometmq.protocol.GroupTopics;

/**
 * What a policy entry is about, parsed as Apache parses it: {@code *} is every resource, {@code Topic:*} every
 * topic, {@code Topic:order*} every topic whose name starts with {@code order}, {@code Topic:orders} that one.
 *
 * @param name the literal name or the prefix; null for {@link Pattern#ANY}
 */
public record Resource(Type type, String name, Pattern pattern) {

    public enum Type implements ApacheName {
        ANY("Any"), CLUSTER("Cluster"), NAMESPACE("Namespace"), TOPIC("Topic"), GROUP("Group");

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

    public enum Pattern {
        ANY, LITERAL, PREFIXED
    }

    private static final String ASTERISK = "*";

    public static Resource ofTopic(String topic) {
        return new Resource(Type.TOPIC, topic, Pattern.LITERAL);
    }

    /** A group; a retry or dead-letter topic name stands for its group, as in Apache. */
    public static Resource ofGroup(String group) {
        String name = group;
        if (name.startsWith(GroupTopics.RETRY_PREFIX)) {
            name = name.substring(GroupTopics.RETRY_PREFIX.length());
        } else if (name.startsWith(GroupTopics.DLQ_PREFIX)) {
            name = name.substring(GroupTopics.DLQ_PREFIX.length());
        }
        return new Resource(Type.GROUP, name, Pattern.LITERAL);
    }

    public static Resource ofCluster(String cluster) {
        return new Resource(Type.CLUSTER, cluster, Pattern.LITERAL);
    }

    /** Parses a resource key; null when it is blank or its type is unknown (as Apache's {@code Resource.of}). */
    public static Resource parse(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.equals(ASTERISK)) {
            return new Resource(Type.ANY, null, Pattern.ANY);
        }
        int colon = key.indexOf(':');
        Type type = Type.byName(colon < 0 ? key : key.substring(0, colon));
        if (type == null) {
            return null;
        }
        String name = colon < 0 ? "" : key.substring(colon + 1);
        if (name.equals(ASTERISK)) {
            return new Resource(type, null, Pattern.ANY);
        }
        if (name.endsWith(ASTERISK)) {
            return new Resource(type, name.substring(0, name.indexOf(ASTERISK)), Pattern.PREFIXED);
        }
        return new Resource(type, name, Pattern.LITERAL);
    }

    /** The key form, e.g. {@code Topic:orders}, {@code Group:*}, {@code Topic:order*} or {@code *}. */
    public String key() {
        if (type == Type.ANY) {
            return ASTERISK;
        }
        return switch (pattern) {
            case ANY -> type.displayName() + ":" + ASTERISK;
            case LITERAL -> type.displayName() + ":" + name;
            case PREFIXED -> type.displayName() + ":" + name + ASTERISK;
        };
    }

    /** True when this (a policy's resource) covers {@code requested} (a literal resource a request needs). */
    public boolean matches(Resource requested) {
        if (type == Type.ANY) {
            return true;
        }
        if (type != requested.type) {
            return false;
        }
        return switch (pattern) {
            case ANY -> true;
            case LITERAL -> name.equals(requested.name);
            case PREFIXED -> requested.name != null && requested.name.startsWith(name);
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
