package io.cometmq.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families docs/METRICS.md lists, as the dashboards and alerts may use them. A family is a backticked
 * name in the first column of a table row (the second column is its type), or a backticked name in prose (the JVM
 * list, "External families"), whose type is not given. A histogram's {@code _bucket}/{@code _count}/{@code _sum}
 * and Micrometer's {@code _max} are implied for histograms and for untyped names (Micrometer timers such as
 * {@code jvm_gc_pause_seconds}), never for counters and gauges. The third column of a table row lists the family's
 * labels besides the common ones.
 */
final class MetricCatalogue {
    static final Path FILE = RenderedChart.REPO.resolve("docs/METRICS.md");
    private static final Pattern ROW_NAME = Pattern.compile("^`([a-zA-Z_:][a-zA-Z0-9_:]*)`$");
    /** Names in prose: the project's prefixes, kube-state-metrics' and Prometheus' own {@code up}. */
    private static final Pattern PROSE_NAME =
            Pattern.compile("`((?:rocketmq|cometmq|jvm|process|system|kube)_[a-z0-9_]+|up)`");
    private static final String[] IMPLIED_SUFFIXES = {"_bucket", "_count", "_sum", "_max"};

    /** Labels on every broker and NameServer series, and those a Prometheus target adds. */
    static final Set<String> COMMON_LABELS = Set.of("cluster", "node_type", "node_id", "otel_scope_name",
            "namespace", "pod", "instance", "job", "container", "endpoint", "service");

    /** family name -> type ("counter", "gauge", "histogram", or "" when the catalogue does not say). */
    final Map<String, String> families;
    /** family name -> its labels as the catalogue's table lists them; absent for names in prose. */
    final Map<String, Set<String>> labels;

    private MetricCatalogue(Map<String, String> families, Map<String, Set<String>> labels) {
        this.families = families;
        this.labels = labels;
    }

    static MetricCatalogue load() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricCatalogue parse(String markdown) {
        Map<String, String> families = new TreeMap<>();
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                String[] cells = line.split("\\|");
                Matcher name = cells.length > 3 ? ROW_NAME.matcher(cells[1].trim()) : null;
                if (name != null && name.matches()) {
                    families.put(name.group(1), cells[2].trim());
                    // a family listed twice (rpc latency: broker and NameServer) has the labels of both rows
                    Set<String> rowLabels = labels.computeIfAbsent(name.group(1), n -> new TreeSet<>());
                    for (String label : cells[3].split(",")) {
                        if (label.trim().matches("[a-z_]+")) {
                            rowLabels.add(label.trim());
                        }
                    }
                    continue;
                }
            }
            Matcher prose = PROSE_NAME.matcher(line);
            while (prose.find()) {
                families.putIfAbsent(prose.group(1), "");
            }
        }
        return new MetricCatalogue(families, labels);
    }

    /**
     * What is wrong with an expression's use of the catalogue: metric names it does not list, and label matchers
     * naming a label the family does not have (checked for families whose labels the catalogue's tables give).
     */
    List<String> problems(String expr) {
        List<String> problems = new ArrayList<>();
        for (String name : PromQlNames.metricNames(expr)) {
            if (familyOf(name).isEmpty()) {
                problems.add(name + " is not a family of docs/METRICS.md");
            }
        }
        for (PromQlNames.Selector selector : PromQlNames.selectors(expr)) {
            Optional<String> family = familyOf(selector.name());
            Set<String> known = family.map(labels::get).orElse(null);
            if (known == null) {
                continue;
            }
            for (String label : selector.labels()) {
                boolean bucket = label.equals("le") && selector.name().endsWith("_bucket");
                if (!bucket && !known.contains(label) && !COMMON_LABELS.contains(label)) {
                    problems.add(selector.name() + " has no label " + label + " (docs/METRICS.md: " + known + ")");
                }
            }
        }
        return problems;
    }

    /** The catalogued family a scraped series name belongs to, if any. */
    Optional<String> familyOf(String seriesName) {
        if (families.containsKey(seriesName)) {
            return Optional.of(seriesName);
        }
        for (String suffix : IMPLIED_SUFFIXES) {
            if (seriesName.endsWith(suffix)) {
                String base = seriesName.substring(0, seriesName.length() - suffix.length());
                String type = families.get(base);
                if ("histogram".equals(type) || "".equals(type)) {
                    return Optional.of(base);
                }
            }
        }
        return Optional.empty();
    }
}
