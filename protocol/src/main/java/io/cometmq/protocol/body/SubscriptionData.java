package io.cometmq.protocol.body;

import java.util.Set;

/** One topic subscription of a consumer group as clients describe it in heartbeats. */
public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
        long subVersion, String expressionType, boolean classFilterMode) {

    public static final String SUB_ALL = "*";

    public SubscriptionData {
        tagsSet = tagsSet == null ? Set.of() : Set.copyOf(tagsSet);
        codeSet = codeSet == null ? Set.of() : Set.copyOf(codeSet);
        expressionType = expressionType == null ? "TAG" : expressionType;
    }

    public boolean matchesAll() {
        return subString == null || subString.isBlank() || SUB_ALL.equals(subString.trim());
    }

    /** Parses a TAG expression ({@code *} or {@code TagA || TagB}) the way clients do. */
    public static SubscriptionData ofTagExpression(String topic, String expression, long version) {
        if (expression == null || expression.isBlank() || SUB_ALL.equals(expression.trim())) {
            return new SubscriptionData(topic, SUB_ALL, Set.of(), Set.of(), version, "TAG", false);
        }
        Set<String> tags = new java.util.LinkedHashSet<>();
        Set<Integer> codes = new java.util.LinkedHashSet<>();
        for (String part : expression.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
                codes.add(tag.hashCode());
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("subscription expression '" + expression + "' names no tag");
        }
        return new SubscriptionData(topic, expression, tags, codes, version, "TAG", false);
    }
}
