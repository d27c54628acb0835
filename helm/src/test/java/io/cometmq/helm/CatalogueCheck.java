package io.cometmq.helm;

import io.cometmq.protocol.metrics.MetricsCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an expression of a dashboard or alert does wrong with docs/METRICS.md ({@link MetricsCatalogue}, the protocol
 * test-jar's reader): metric names it does not list, and label matchers naming a label the family does not have.
 */
final class CatalogueCheck {

    /** Labels on every broker and NameServer series, and those a Prometheus target adds. */
    static final Set<String> COMMON_LABELS = Set.of("cluster", "node_type", "node_id", "otel_scope_name",
            "namespace", "pod", "instance", "job", "container", "endpoint", "service");

    private CatalogueCheck() {
    }

    /** Labels are checked for families whose labels the catalogue's tables give. */
    static List<String> problems(MetricsCatalogue catalogue, String expr) {
        List<String> problems = new ArrayList<>();
        for (String name : PromQlNames.metricNames(expr)) {
            if (catalogue.familyOf(name).isEmpty()) {
                problems.add(name + " is not a family of docs/METRICS.md");
            }
        }
        for (PromQlNames.Selector selector : PromQlNames.selectors(expr)) {
            Set<String> known = catalogue.familyOf(selector.name()).flatMap(catalogue::labels).orElse(null);
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
}
