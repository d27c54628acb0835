package io.cometmq.protocol.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/METRICS.md read as data, for the tests of every module (shared through the protocol test-jar): the broker and
 * NameServer tests check that what they export is listed, the operator's that its section is exactly what it exports,
 * the chart's that dashboards and alerts use only listed families and labels.
 *
 * <p>A family is a backticked name in the first cell of a table row (the second cell is its type, the third its
 * labels besides the common ones), or a backticked name in prose (the JVM list, "External families"), whose type is
 * not given. A histogram's {@code _bucket}/{@code _count}/{@code _sum} and Micrometer's {@code _max} are implied for
 * histograms and for untyped names (Micrometer timers such as {@code jvm_gc_pause_seconds}), never for counters and
 * gauges.
 */
public final class MetricsCatalogue {

    private static final Pattern ROW_NAME = Pattern.compile("^`([a-zA-Z_:][a-zA-Z0-9_:]*)`$");
    /** Names in prose: the project's prefixes, kube-state-metrics' and Prometheus' own {@code up}. */
    private static final Pattern PROSE_NAME =
            Pattern.compile("`((?:rocketmq|cometmq|jvm|process|system|kube)_[a-z0-9_]+|up)`");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram");
    private static final String[] IMPLIED_SUFFIXES = {"_bucket", "_count", "_sum", "_max"};

    /** family name -> type ("counter", "gauge", "histogram", or "" when the catalogue does not say). */
    private final Map<String, String> families;
    /** family name -> its labels as the tables list them; absent for names in prose. */
    private final Map<String, Set<String>> labels;
    /** "## " heading -> the families of the tables under it. */
    private final Map<String, Set<String>> sections;
    private final Set<String> jvmFamilies;

    private MetricsCatalogue(Map<String, String> families, Map<String, Set<String>> labels,
            Map<String, Set<String>> sections, Set<String> jvmFamilies) {
        this.families = families;
        this.labels = labels;
        this.sections = sections;
        this.jvmFamilies = jvmFamilies;
    }

    /** Finds docs/METRICS.md from the working directory or one of its parents (a module directory in Maven). */
    public static MetricsCatalogue load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/METRICS.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/METRICS.md not found above " + Path.of("").toAbsolutePath());
        }
        return parse(dir.resolve("docs/METRICS.md"));
    }

    public static MetricsCatalogue parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MetricsCatalogue parse(String markdown) {
        Map<String, String> families = new TreeMap<>();
        Map<String, Set<String>> labels = new TreeMap<>();
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        Set<String> jvm = new TreeSet<>();
        String section = "";
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
                continue;
            }
            String[] cells = line.startsWith("|") ? line.split("\\|") : new String[0];
            Matcher name = cells.length > 3 ? ROW_NAME.matcher(cells[1].trim()) : null;
            if (name != null && name.matches() && TYPES.contains(cells[2].trim())) {
                families.put(name.group(1), cells[2].trim());
                sections.computeIfAbsent(section, s -> new TreeSet<>()).add(name.group(1));
                // a family listed twice (rpc latency: broker and NameServer) has the labels of both rows
                Set<String> rowLabels = labels.computeIfAbsent(name.group(1), n -> new TreeSet<>());
                for (String label : cells[3].split(",")) {
                    if (label.trim().matches("[a-z_]+")) {
                        rowLabels.add(label.trim());
                    }
                }
                continue;
            }
            Matcher prose = PROSE_NAME.matcher(line);
            while (prose.find()) {
                families.putIfAbsent(prose.group(1), "");
                if (section.startsWith("JVM")) {
                    jvm.add(prose.group(1));
                }
            }
        }
        return new MetricsCatalogue(families, labels, sections, jvm);
    }

    /** Every family name, with its type ("" when only named in prose). */
    public Map<String, String> types() {
        return Collections.unmodifiableMap(families);
    }

    /** Every family name. */
    public Set<String> families() {
        return Collections.unmodifiableSet(families.keySet());
    }

    /** Families named in "JVM and process". */
    public Set<String> jvmFamilies() {
        return Collections.unmodifiableSet(jvmFamilies);
    }

    /** The families of the tables under the "## " heading that starts with {@code heading}. */
    public Set<String> section(String heading) {
        return sections.entrySet().stream().filter(e -> e.getKey().startsWith(heading)).findFirst()
                .map(e -> Collections.unmodifiableSet(e.getValue()))
                .orElseThrow(() -> new IllegalStateException("docs/METRICS.md has no table section '" + heading + "'"));
    }

    /** The labels a table gives the family (besides the common ones); empty for families named in prose. */
    public Optional<Set<String>> labels(String family) {
        return Optional.ofNullable(labels.get(family)).map(Collections::unmodifiableSet);
    }

    /** The catalogued family a scraped series (or TYPE) name belongs to, if any. */
    public Optional<String> familyOf(String seriesName) {
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

    /** Whether a scraped series name belongs to a catalogued family. */
    public boolean covers(String seriesName) {
        return familyOf(seriesName).isPresent();
    }
}
