package io.cometmq.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model and crd packages stay pure: no client, no JOSDK. Checked on the sources. */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/cometmq/operator");

    private static List<String> importsOf(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import ")).map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void modelNeverTalksToTheCluster() throws IOException {
        assertThat(importsOf("model")).noneMatch(l -> l.contains("io.fabric8.kubernetes.client")
                || l.contains("io.javaoperatorsdk") || l.contains("io.cometmq.operator.reconcile")
                || l.contains("io.cometmq.operator.controller"));
    }

    @Test
    void crdModelImportsOnlyAnnotationsAndModelTypes() throws IOException {
        assertThat(importsOf("crd")).noneMatch(l -> l.contains("io.javaoperatorsdk")
                || (l.contains("io.fabric8.kubernetes.client") && !l.contains("io.fabric8.kubernetes.client.CustomResource")));
    }
}
