package io.cometmq.protocol.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/METRICS.md read as data, for tests: the family names of its tables (the backtick name in the first column) and
 * of the "JVM and process" list, with their types. A scraped histogram's {@code _bucket/_count/_sum/_max} series are
 * implied by the histogram. Shared with other modules' tests through the protocol test-jar.
 */
public final class MetricsCatalogue {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z_:][a-z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|");
    private static final Pattern NAME = Pattern.compile("`([a-z_][a-z0-9_]*)`");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram");

    private final Map<String, String> types;
    private final Set<String> jvmFamilies;

    private MetricsCatalogue(Map<String, String> types, Set<String> jvmFamilies) {
        this.types = types;
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
        Map<String, String> types = new TreeMap<>();
        Set<String> jvm = new TreeSet<>();
        boolean inJvm = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inJvm = line.startsWith("## JVM");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find() && TYPES.contains(row.group(2))) {
                types.put(row.group(1), row.group(2));
            } else if (inJvm) {
                Matcher name = NAME.matcher(line);
                while (name.find()) {
                    jvm.add(name.group(1));
                }
            }
        }
        return new MetricsCatalogue(types, jvm);
    }

    /** Families of the tables with their type (counter, gauge, histogram). */
    public Map<String, String> types() {
        return types;
    }

    /** Families named in "JVM and process" (types not given there). */
    public Set<String> jvmFamilies() {
        return jvmFamilies;
    }

    /** Every family name: the tables' and the JVM list's. */
    public Set<String> families() {
        Set<String> all = new TreeSet<>(types.keySet());
        all.addAll(jvmFamilies);
        return all;
    }

    /**
     * Whether a scraped series name belongs to a catalogued family: the family itself, or a histogram's
     * {@code _bucket/_count/_sum/_max}, or a JVM family's (Micrometer's timers have those too).
     */
    public boolean covers(String seriesName) {
        if (families().contains(seriesName)) {
            return true;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max"}) {
            if (seriesName.endsWith(suffix)) {
                String base = seriesName.substring(0, seriesName.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || jvmFamilies.contains(base)) {
                    return true;
                }
            }
        }
        return false;
    }
}
