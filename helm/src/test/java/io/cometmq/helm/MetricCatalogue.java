package io.cometmq.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families docs/METRICS.md lists, as the dashboards and alerts may use them. A family is a backticked
 * name in the first column of a table row (the second column is its type), or a backticked name in prose (the JVM
 * list, "External families"), whose type is not given. A histogram's {@code _bucket}/{@code _count}/{@code _sum}
 * and Micrometer's {@code _max} are implied for histograms and for untyped names (Micrometer timers such as
 * {@code jvm_gc_pause_seconds}), never for counters and gauges.
 */
final class MetricCatalogue {
    static final Path FILE = RenderedChart.REPO.resolve("docs/METRICS.md");
    private static final Pattern ROW_NAME = Pattern.compile("^`([a-zA-Z_:][a-zA-Z0-9_:]*)`$");
    /** Names in prose: the project's prefixes, kube-state-metrics' and Prometheus' own {@code up}. */
    private static final Pattern PROSE_NAME =
            Pattern.compile("`((?:rocketmq|cometmq|jvm|process|system|kube)_[a-z0-9_]+|up)`");
    private static final String[] IMPLIED_SUFFIXES = {"_bucket", "_count", "_sum", "_max"};

    /** family name -> type ("counter", "gauge", "histogram", or "" when the catalogue does not say). */
    final Map<String, String> families;

    private MetricCatalogue(Map<String, String> families) {
        this.families = families;
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
        for (String line : markdown.split("\n")) {
            if (line.startsWith("|")) {
                String[] cells = line.split("\\|");
                Matcher name = cells.length > 2 ? ROW_NAME.matcher(cells[1].trim()) : null;
                if (name != null && name.matches()) {
                    families.put(name.group(1), cells[2].trim());
                    continue;
                }
            }
            Matcher prose = PROSE_NAME.matcher(line);
            while (prose.find()) {
                families.putIfAbsent(prose.group(1), "");
            }
        }
        return new MetricCatalogue(families);
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
