package io.cometmq.protocol.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration key: its RocketMQ name, what values it takes, its default and who sets it.
 *
 * @param name           the key as written in broker.conf (RocketMQ's spelling)
 * @param type           what a value may be
 * @param defaultValue   the default as text, or null when it is derived from other settings
 * @param derivedDefault how the default is derived (e.g. "listenPort + 1"), or null when it is a plain value
 * @param doc            one line saying what the key does
 * @param use            whether the program reads it, the operator owns it, or it is accepted and ignored
 */
public record ConfigKey(String name, ValueType type, String defaultValue, String derivedDefault, String doc,
        Use use) {

    public enum Use {
        /** Read by the broker; spec.broker.config may set it. */
        READ,
        /** Read by the broker, but the operator writes it from the BrokerCluster spec; spec.broker.config may not. */
        OPERATOR_OWNED,
        /** A RocketMQ key with no effect in CometMQ: accepted so a RocketMQ file keeps working, and logged. */
        IGNORED
    }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(use, "use");
        if ((defaultValue == null) == (derivedDefault == null) && use != Use.IGNORED) {
            throw new IllegalArgumentException("key " + name + " needs either a default value or a derived default");
        }
        if (defaultValue != null && type.problem(defaultValue).isPresent()) {
            throw new IllegalArgumentException("key " + name + ": default " + type.problem(defaultValue).get());
        }
    }

    public boolean ignored() {
        return use == Use.IGNORED;
    }

    public boolean ownedByOperator() {
        return use == Use.OPERATOR_OWNED;
    }

    /** The default for documentation: the value, or how it is derived. */
    public String defaultText() {
        return defaultValue != null ? defaultValue : derivedDefault;
    }

    /** Empty when {@code value} is acceptable, else "key 'x' must be ..., was ...". */
    public Optional<String> problem(String value) {
        return type.problem(value).map(problem -> "key '" + name + "' " + problem);
    }
}
