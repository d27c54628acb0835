package io.cometmq.broker.meta;

import io.cometmq.protocol.body.TopicMessageType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Changes to a topic's attributes as RocketMQ admin tools send them: {@code +key=value} adds or replaces,
 * {@code -key} removes (UPDATE_AND_CREATE_TOPIC's {@code attributes} header, e.g. {@code +message.type=FIFO}; the
 * same keys in a topic list's attribute maps). A topic being created takes additions only. The stored attributes are
 * plain {@code key=value}. The one attribute CometMQ acts on is {@code message.type}; other keys are refused.
 *
 * @param changes the requested changes, keyed with their sign ({@code +message.type}, {@code -message.type})
 */
public record TopicAttributeChanges(Map<String, String> changes) {

    private static final Set<String> SUPPORTED = Set.of(TopicMessageType.ATTRIBUTE);

    public TopicAttributeChanges {
        changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    public static final TopicAttributeChanges NONE = new TopicAttributeChanges(Map.of());

    /**
     * Parses {@code +k1=v1,+k2=v2,-k3}; null or blank is no change.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static TopicAttributeChanges parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (String entry : header.split(",")) {
            int equals = entry.indexOf('=');
            String key = equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
            String value = equals < 0 ? "" : entry.substring(equals + 1).trim();
            if (equals >= 0 ? !key.startsWith("+") : !key.startsWith("-")) {
                throw new IllegalArgumentException("topic attribute '" + entry + "' must be +key=value (add or "
                        + "change) or -key (remove)");
            }
            if (changes.put(key, value) != null) {
                throw new IllegalArgumentException("topic attribute " + key + " is given twice");
            }
        }
        return new TopicAttributeChanges(changes);
    }

    /** The changes of a topic list entry: its attribute map, keyed with signs like the header's entries. */
    public static TopicAttributeChanges of(Map<String, String> signedAttributes) {
        return signedAttributes == null || signedAttributes.isEmpty() ? NONE
                : new TopicAttributeChanges(signedAttributes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The message.type the changes set, or null when they do not set it. */
    public TopicMessageType messageType() {
        String value = changes.get("+" + TopicMessageType.ATTRIBUTE);
        return value == null ? null : TopicMessageType.parse(value);
    }

    /**
     * The attributes after the changes.
     *
     * @param current the topic's attributes now, or null when the topic is being created
     * @throws IllegalArgumentException naming the key: unsupported key, bad value, removal on create or of a key the
     *                                  topic does not have
     */
    public Map<String, String> applyTo(Map<String, String> current) {
        Set<String> seen = new java.util.HashSet<>();
        for (String signed : changes.keySet()) {
            if (!signed.startsWith("+") && !signed.startsWith("-")) {
                throw new IllegalArgumentException("topic attribute key '" + signed
                        + "' must start with + (add or change) or - (remove)");
            }
            String key = signed.substring(1);
            if (key.isEmpty() || key.contains("+") || key.contains("-")) {
                throw new IllegalArgumentException("topic attribute key '" + signed + "' is malformed");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("topic attribute " + key + " is both added and removed");
            }
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException("unsupported topic attribute " + key + " (supported: "
                        + SUPPORTED + ")");
            }
        }
        Map<String, String> result = new TreeMap<>(current == null ? Map.of() : current);
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String signed = change.getKey();
            String key = signed.substring(1);
            if (signed.startsWith("+")) {
                result.put(key, TopicMessageType.parse(change.getValue()).name());
            } else {
                if (current == null) {
                    throw new IllegalArgumentException("topic attribute " + key
                            + " cannot be removed from a topic being created (only +key=value)");
                }
                if (!current.containsKey(key)) {
                    throw new IllegalArgumentException("topic attribute " + key
                            + " cannot be removed: the topic does not have it");
                }
                result.remove(key);
            }
        }
        return result;
    }
}
