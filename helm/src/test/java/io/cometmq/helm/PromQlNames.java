package io.cometmq.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a parser: after string literals, label matchers
 * ({@code {...}}), ranges ({@code [...]}) and grouping label lists ({@code by (...)}, {@code on (...)}, ...) are
 * removed, every identifier that is not a function call, a keyword or part of a number is a metric name.
 * {@code promtool check rules} checks the syntax separately.
 */
final class PromQlNames {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** An identifier not preceded by a word character or a dot (so not the "m" of 5m or the "e3" of 1e3). */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf",
            "nan", "by", "without", "on", "ignoring", "group_left", "group_right", "start", "end");

    /** {@code name{label="..", label=~".."}}: a selector with matchers. */
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"");

    /** A metric name with the label names its matchers use. */
    record Selector(String name, Set<String> labels) {
    }

    private PromQlNames() {
    }

    /** The selectors with label matchers of an expression (string literals outside matchers ignored). */
    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher matcher = MATCHER.matcher(STRINGS.matcher(selector.group(2)).replaceAll("\"\""));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
            selectors.add(new Selector(selector.group(1), labels));
        }
        return selectors;
    }

    static Set<String> metricNames(String expr) {
        String rest = STRINGS.matcher(expr).replaceAll("\"\"");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String name = identifier.group();
            boolean call = rest.substring(identifier.end()).stripLeading().startsWith("(");
            if (!call && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The selector of a Grafana {@code label_values(selector, label)} variable query as a PromQL expression;
     * {@code label_values(label)} (no selector) gives an empty string.
     */
    static String labelValuesSelector(String query) {
        String q = query.strip();
        if (!q.startsWith("label_values(") || !q.endsWith(")")) {
            throw new IllegalArgumentException("not a label_values(...) query: " + query);
        }
        String args = q.substring("label_values(".length(), q.length() - 1);
        int comma = args.lastIndexOf(',');
        return comma < 0 ? "" : args.substring(0, comma).strip();
    }
}
