package io.cometmq.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class E2eEnvironmentTest {
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();

    @Test
    void withoutAKubeconfigTheReasonSaysWhatToSet() {
        assertThat(E2eEnvironment.skipReason(Map.of())).hasValueSatisfying(reason -> assertThat(reason)
                .contains("COMETMQ_E2E_KUBECONFIG").contains("COMETMQ_E2E_IMAGE_TAG").contains("docs/TESTING.md"));
        assertThat(E2eEnvironment.skipReason(Map.of("COMETMQ_E2E_KUBECONFIG", "/nonexistent/kubeconfig")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("/nonexistent/kubeconfig"));
    }

    @Test
    void imagesDefaultToTheChartAppVersion(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\nkind: Config\n");
        Map<String, String> vars = Map.of("COMETMQ_E2E_KUBECONFIG", kubeconfig.toString());
        assertThat(E2eEnvironment.skipReason(vars)).isEmpty();
        E2eEnvironment env = E2eEnvironment.from(vars, REPO);
        String appVersion = E2eEnvironment.chartAppVersion(REPO.resolve("helm/cometmq-operator/Chart.yaml"));
        assertThat(env.image("broker")).isEqualTo("cometmq/broker:" + appVersion);
        assertThat(env.storageClass()).isEmpty();
        // the dev example names the images with the same tag, so the default run uses what users apply
        assertThat(Files.readString(REPO.resolve("examples/dev-cluster.yaml")))
                .contains("cometmq/broker:" + appVersion);
    }

    @Test
    void tagPrefixAndStorageClassComeFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\n");
        E2eEnvironment env = E2eEnvironment.from(Map.of("COMETMQ_E2E_KUBECONFIG", kubeconfig.toString(),
                "COMETMQ_E2E_IMAGE_TAG", "dev", "COMETMQ_E2E_IMAGE_PREFIX", "registry.local:5000/cometmq/",
                "COMETMQ_E2E_STORAGE_CLASS", "local-path"), REPO);
        assertThat(env.image("e2e-client")).isEqualTo("registry.local:5000/cometmq/e2e-client:dev");
        assertThat(env.storageClass()).isEqualTo(Optional.of("local-path"));
    }
}
