package io.cometmq.operator.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The families docs/METRICS.md lists in one section, and the families of a Prometheus scrape, named as the catalogue
 * names them (a histogram's {@code _bucket}/{@code _count}/{@code _sum} and Micrometer's {@code _max} are implied by
 * the histogram). A small local reader: the operator module does not depend on the protocol test-jar.
 */
final class MetricsCatalogue {
    static final Path FILE = Path.of(System.getProperty("metrics.catalogue", "../docs/METRICS.md"));
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_:][a-z0-9_:]*)` \\|");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)$");

    private MetricsCatalogue() {}

    /** The family names in the tables of the section whose heading starts with {@code heading}. */
    static Set<String> section(String heading) {
        String text;
        try {
            text = Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("\n## " + heading);
        if (start < 0) {
            throw new IllegalStateException(FILE + " has no section '## " + heading + "'");
        }
        int end = text.indexOf("\n## ", start + 1);
        Matcher rows = ROW.matcher(end < 0 ? text.substring(start) : text.substring(start, end));
        Set<String> families = new TreeSet<>();
        while (rows.find()) {
            families.add(rows.group(1));
        }
        return families;
    }

    /** Family names of a scrape in the text format, with {@code prefix}. */
    static Set<String> families(String scrape, String prefix) {
        Set<String> histograms = new TreeSet<>();
        Set<String> all = new TreeSet<>();
        Matcher types = TYPE.matcher(scrape);
        while (types.find()) {
            String name = types.group(1);
            String type = types.group(2);
            if ("histogram".equals(type)) {
                histograms.add(name);
            }
            all.add("counter".equals(type) && !name.endsWith("_total") ? name + "_total" : name);
        }
        all.removeIf(name -> name.endsWith("_max") && histograms.contains(name.substring(0, name.length() - 4)));
        all.removeIf(name -> !name.startsWith(prefix));
        return all;
    }
}
