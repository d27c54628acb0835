package io.cometmq.protocol.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text-format scrape (0.0.4), for tests: HELP and TYPE per family, and every sample with its
 * labels. Shared with the broker's, NameServer's, operator's and chart's tests through the protocol test-jar.
 */
public final class Scrape {

    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** The sample's labels without {@code le} (histogram buckets). */
        public Set<String> labelKeys() {
            Set<String> keys = new TreeSet<>(labels.keySet());
            keys.remove("le");
            return keys;
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final Map<String, String> types = new TreeMap<>();
    private final Map<String, String> helps = new TreeMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        this.text = text;
    }

    public static Scrape parse(String text) {
        Scrape scrape = new Scrape(text);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                scrape.types.put(parts[0], parts[1].trim());
            } else if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                scrape.helps.put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (!line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher label = LABEL.matcher(m.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                scrape.samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
        }
        return scrape;
    }

    public String text() {
        return text;
    }

    /** Family name (as in {@code # TYPE}) to its type. */
    public Map<String, String> types() {
        return types;
    }

    public Map<String, String> helps() {
        return helps;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The family a sample belongs to: a histogram's {@code _bucket/_count/_sum} map to the histogram. */
    public String familyOf(Sample sample) {
        String name = sample.name();
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return name;
    }

    /** Label keys (without {@code le}) of every sample of each family. */
    public Map<String, Set<Set<String>>> labelKeysByFamily() {
        Map<String, Set<Set<String>>> keys = new TreeMap<>();
        for (Sample sample : samples) {
            keys.computeIfAbsent(familyOf(sample), f -> new java.util.HashSet<>()).add(sample.labelKeys());
        }
        return keys;
    }

    /** Samples named {@code name} whose labels include all of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The value of the one sample named {@code name} with {@code labels}, if there is exactly one. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " samples " + name + labels + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    /** Samples named {@code name} (every label set). */
    public List<Sample> series(String name) {
        return find(name, Map.of());
    }

    /** The HELP text of a family, or null. */
    public String help(String family) {
        return helps.get(family);
    }

    /** The label keys of the samples named {@code name} (the union, so a family with varying keys shows all). */
    public Set<String> labelKeys(String name) {
        Set<String> keys = new TreeSet<>();
        series(name).forEach(sample -> keys.addAll(sample.labels().keySet()));
        return keys;
    }

    /** The value of the only sample named {@code name} with {@code labels}; fails when there is none or several. */
    public double only(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " in:\n" + text);
        }
        return found.get(0).value();
    }
}
