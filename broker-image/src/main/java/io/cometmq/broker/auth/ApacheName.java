package io.cometmq.broker.auth;

/** An enum constant written as Apache spells it on the wire ("Super", "enable", "Pub"), read ignoring case. */
interface ApacheName {

    String displayName();

    /** The constant of {@code type} spelled {@code name} in any case, or null when there is none. */
    static <E extends Enum<E> & ApacheName> E parse(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.displayName().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        return null;
    }
}
