package io.cometmq.broker.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text-format scrape, parsed into samples and the declared type of each family. */
public final class ScrapedMetrics {

    /** One series line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) (.*)$");

    private final String text;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new LinkedHashMap<>();

    public ScrapedMetrics(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            Matcher help = HELP.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            } else if (help.matches()) {
                helps.put(help.group(1), help.group(2));
            } else if (!line.startsWith("#") && sample.matches()) {
                Map<String, String> labels = new LinkedHashMap<>();
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
            }
        }
    }

    public String text() {
        return text;
    }

    /** Family name to its {@code # TYPE}. */
    public Map<String, String> types() {
        return types;
    }

    public String help(String family) {
        return helps.get(family);
    }

    /** Samples of {@code name} whose labels include every pair of {@code labels}. */
    public List<Sample> series(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    public List<Sample> series(String name) {
        return series(name, Map.of());
    }

    /** The value of the only series of {@code name} with {@code labels}; fails when there is none or several. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> matching = series(name, labels);
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " series of " + name + " with " + labels + " in:\n" + text);
        }
        return matching.get(0).value();
    }

    /** The label keys of the family's series (the union, so a family with varying keys shows all). */
    public Set<String> labelKeys(String name) {
        Set<String> keys = new TreeSet<>();
        series(name).forEach(s -> keys.addAll(s.labels().keySet()));
        return keys;
    }
}
