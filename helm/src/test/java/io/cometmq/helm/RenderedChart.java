package io.cometmq.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code helm template} of the chart through helm-java, parsed into fabric8 objects. */
final class RenderedChart {
    static final Path CHART = Path.of(System.getProperty("chart.dir", "cometmq-operator")).toAbsolutePath().normalize();
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    static final String RELEASE = "cmq";
    static final String NAMESPACE = "cometmq-system";

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml) {
        this.yaml = yaml;
        this.objects = parse(yaml);
    }

    /** Default values plus the given --set pairs. */
    static RenderedChart render(Map<String, Object> values) {
        return render(values, UnaryOperator.identity());
    }

    static RenderedChart render(Map<String, Object> values, UnaryOperator<TemplateCommand> more) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> value : flatten(values).entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return new RenderedChart(more.apply(template).call());
    }

    /** A List value becomes key[0], key[1], ...: helm-java passes each pair as one --set. */
    static Map<String, Object> flatten(Map<String, Object> values) {
        Map<String, Object> flat = new java.util.TreeMap<>();
        values.forEach((key, value) -> {
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    flat.put(key + "[" + i + "]", list.get(i));
                }
            } else {
                flat.put(key, value);
            }
        });
        return flat;
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean hasContent = document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"));
            if (hasContent) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size() + " in:\n" + yaml);
        }
        return found.get(0);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }
}
