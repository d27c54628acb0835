package io.cometmq.broker.auth;

/**
 * What a request does to a resource, with Apache's names. {@link #ANY} is never stored: a request that needs "any"
 * action (e.g. listing a group's consumers) is allowed by an entry with at least one action on the resource.
 */
public enum Action implements ApacheName {
    ALL("All"), ANY("Any"), PUB("Pub"), SUB("Sub"), CREATE("Create"), UPDATE("Update"), DELETE("Delete"), GET("Get"),
    LIST("List");

    private final String displayName;

    Action(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The action with this name ignoring case, or null (Apache drops unknown actions the same way). */
    public static Action byName(String name) {
        return ApacheName.parse(Action.class, name);
    }
}
