package io.cometmq.e2e.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kubectl get} and {@code kubectl describe} output rendered from API objects (as plain JSON maps), for
 * machines without a kubectl binary. It follows kubectl's own printers: the table uses the CRD's
 * additionalPrinterColumns (JSONPath, dates as ages) in a tab writer with min width 6 and padding 3; describe is
 * kubectl's generic describer for custom resources (fields sorted, camelCase keys as "Title Words", two spaces
 * per level, tab writer padding 2, managedFields left out, events last).
 */
final class KubectlView {
    private static final List<String> ACRONYMS = List.of("API", "URL", "UID", "OSB", "GUID");

    private KubectlView() {
    }

    /** One printer column of a CRD version: name, JSONPath, type ("string", "integer", "date", ...). */
    record Column(String name, String jsonPath, String type) {
        @SuppressWarnings("unchecked")
        static List<Column> fromCrdVersion(Map<String, Object> version) {
            List<Map<String, Object>> columns = (List<Map<String, Object>>) version.getOrDefault(
                    "additionalPrinterColumns", List.of());
            return columns.stream()
                    .filter(c -> ((Number) c.getOrDefault("priority", 0)).intValue() == 0) // -o wide shows the rest
                    .map(c -> new Column((String) c.get("name"), (String) c.get("jsonPath"), (String) c.get("type")))
                    .toList();
        }
    }

    /** One event of the described object. */
    record Event(String type, String reason, Instant first, Instant last, int count, String from, String message) {
    }

    static String getHeader(List<Column> columns) {
        return "NAME\t" + columns.stream().map(c -> c.name().toUpperCase(Locale.ROOT))
                .collect(Collectors.joining("\t"));
    }

    /** One row, tab-separated; {@link #table} aligns rows. */
    @SuppressWarnings("unchecked")
    static String getRow(Map<String, Object> object, List<Column> columns, Instant now) {
        List<String> cells = new ArrayList<>();
        cells.add((String) ((Map<String, Object>) object.get("metadata")).get("name"));
        for (Column column : columns) {
            List<Object> values = JsonPath.evaluate(object, column.jsonPath());
            if (values.isEmpty()) {
                cells.add("<none>");
            } else if ("date".equals(column.type())) {
                cells.add(HumanDuration.of(Duration.between(Instant.parse(String.valueOf(values.get(0))), now)));
            } else {
                cells.add(values.stream().map(KubectlView::scalar).collect(Collectors.joining(",")));
            }
        }
        return String.join("\t", cells);
    }

    /** The header and rows aligned as kubectl aligns them. */
    static String table(String header, List<String> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        return new TabWriter(6, 3).format(String.join("\n", lines) + "\n");
    }

    /** {@code kubectl describe <kind> <name>} of a custom resource. */
    @SuppressWarnings("unchecked")
    static String describe(Map<String, Object> object, List<Event> events, Instant now) {
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        StringBuilder out = new StringBuilder();
        out.append("Name:\t").append(metadata.get("name")).append('\n');
        out.append("Namespace:\t").append(metadata.getOrDefault("namespace", "")).append('\n');
        multiline(out, "Labels", (Map<String, Object>) metadata.get("labels"));
        Map<String, Object> annotations = new TreeMap<>((Map<String, Object>) metadata.getOrDefault("annotations",
                Map.of()));
        annotations.remove("kubectl.kubernetes.io/last-applied-configuration"); // kubectl skips it too
        multiline(out, "Annotations", annotations);
        content(out, 0, object, "", List.of(".metadata.managedFields", ".metadata.name", ".metadata.namespace",
                ".metadata.labels", ".metadata.annotations"));
        if (events.isEmpty()) {
            out.append("Events:\t<none>\n");
            return new TabWriter(0, 2).format(out.toString());
        }
        // kubectl flushes its tab writer before the events table, so the table aligns on its own
        return new TabWriter(0, 2).format(out.toString()) + describeEvents(events, now);
    }

    private static void multiline(StringBuilder out, String title, Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            out.append(title).append(":\t<none>\n");
            return;
        }
        boolean first = true;
        for (var entry : new TreeMap<>(map).entrySet()) {
            out.append(first ? title + ":" : "").append('\t').append(entry.getKey()).append('=')
                    .append(entry.getValue()).append('\n');
            first = false;
        }
    }

    // kubectl's printUnstructuredContent
    @SuppressWarnings("unchecked")
    private static void content(StringBuilder out, int level, Map<String, Object> map, String prefix,
            List<String> skip) {
        String indent = "  ".repeat(level);
        for (var entry : new TreeMap<>(map).entrySet()) {
            String path = prefix + "." + entry.getKey();
            if (skip.contains(path) || entry.getValue() == null) {
                continue;
            }
            String label = label(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> child) {
                out.append(indent).append(label).append(":\n");
                content(out, level + 1, (Map<String, Object>) child, path, skip);
            } else if (entry.getValue() instanceof List<?> list) {
                out.append(indent).append(label).append(":\n");
                for (Object item : list) {
                    if (item instanceof Map<?, ?> child) {
                        content(out, level + 1, (Map<String, Object>) child, path, skip);
                    } else {
                        out.append(indent).append("  ").append(scalar(item)).append('\n');
                    }
                }
            } else {
                out.append(indent).append(label).append(":\t").append(scalar(entry.getValue())).append('\n');
            }
        }
    }

    private static String describeEvents(List<Event> events, Instant now) {
        StringBuilder out = new StringBuilder("Events:\n  Type\tReason\tAge\tFrom\tMessage\n"
                + "  ----\t------\t----\t----\t-------\n");
        events.stream().sorted(Comparator.comparing(Event::last)).forEach(e -> {
            String first = HumanDuration.of(Duration.between(e.first(), now));
            String age = e.count() > 1 ? HumanDuration.of(Duration.between(e.last(), now)) + " (x" + e.count()
                    + " over " + first + ")" : first;
            out.append("  ").append(e.type()).append('\t').append(e.reason()).append('\t').append(age).append('\t')
                    .append(e.from()).append('\t').append(e.message().strip()).append('\n');
        });
        return new TabWriter(0, 2).format(out.toString());
    }

    /** kubectl's smartLabelFor: "nameServerAddress" to "Name Server Address"; keys with digits or dots stay. */
    static String label(String field) {
        if (!field.chars().allMatch(c -> Character.isLetter(c) || c == '-')) {
            return field;
        }
        return camelCaseSplit(field).stream()
                .map(part -> ACRONYMS.contains(part.toUpperCase(Locale.ROOT)) ? part.toUpperCase(Locale.ROOT)
                        : Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining(" "));
    }

    // github.com/fatih/camelcase.Split for letters and '-': runs of one character class; in "HTTPServer" the
    // last upper-case letter before a lower-case run starts the next word.
    private static List<String> camelCaseSplit(String text) {
        List<StringBuilder> runs = new ArrayList<>();
        int lastClass = -1;
        for (char c : text.toCharArray()) {
            int cls = Character.isLowerCase(c) ? 1 : Character.isUpperCase(c) ? 2 : 3;
            if (cls != lastClass) {
                runs.add(new StringBuilder());
            }
            runs.get(runs.size() - 1).append(c);
            lastClass = cls;
        }
        for (int i = 0; i < runs.size() - 1; i++) {
            StringBuilder run = runs.get(i);
            if (Character.isUpperCase(run.charAt(0)) && Character.isLowerCase(runs.get(i + 1).charAt(0))) {
                runs.get(i + 1).insert(0, run.charAt(run.length() - 1));
                run.setLength(run.length() - 1);
            }
        }
        return runs.stream().filter(r -> r.length() > 0).map(StringBuilder::toString).toList();
    }

    private static String scalar(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }
}
