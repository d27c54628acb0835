package io.cometmq.e2e.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of kubectl's JSONPath that CRD printer columns use: {@code .a.b}, {@code [n]} and filters
 * {@code [?(@.field=="value")]}. Several results are joined with commas, as kubectl's column printer does; an
 * absent field gives no result (kubectl prints {@code <none>} for it).
 */
final class JsonPath {
    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)]");

    private JsonPath() {
    }

    static List<Object> evaluate(Object root, String path) {
        List<Object> current = new ArrayList<>(List.of(root));
        Matcher m = STEP.matcher(path.strip());
        int at = 0;
        while (at < path.strip().length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("unsupported JSONPath '" + path + "' at offset " + at);
            }
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                if (m.group(1) != null) {
                    if (value instanceof Map<?, ?> map && map.get(m.group(1)) != null) {
                        next.add(map.get(m.group(1)));
                    }
                } else if (m.group(2) != null) {
                    int index = Integer.parseInt(m.group(2));
                    if (value instanceof List<?> list && index < list.size()) {
                        next.add(list.get(index));
                    }
                } else if (value instanceof List<?> list) {
                    for (Object item : list) {
                        List<Object> field = evaluate(item, "." + m.group(3));
                        if (field.size() == 1 && m.group(4).equals(String.valueOf(field.get(0)))) {
                            next.add(item);
                        }
                    }
                }
            }
            current = next;
            at = m.end();
        }
        return current;
    }
}
