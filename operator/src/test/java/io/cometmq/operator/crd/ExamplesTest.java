package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cometmq.operator.Examples;
import io.cometmq.operator.model.BrokerGroupModel;
import io.cometmq.operator.model.BrokerRole;
import io.cometmq.operator.model.NameServerModel;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SecurityMaterial;
import io.cometmq.operator.model.SpecChecker;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example must load strictly, pass the SpecChecker, respect the CRD's ranges, and render to the
 * approved golden StatefulSets (src/test/resources/golden). Re-approve with -Dgolden.update=true.
 */
class ExamplesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static List<Path> examples() throws IOException {
        return Examples.files();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValid(Path file) throws IOException {
        BrokerCluster cluster = Examples.load(file);
        assertThat(cluster.getApiVersion()).isEqualTo("cometmq.io/v1alpha1");
        assertThat(cluster.getKind()).isEqualTo("BrokerCluster");
        assertThat(SpecChecker.check(cluster, List.of())).isEmpty();
        assertThat(cluster.getSpec().getNameServer().getReplicas()).isBetween(1, 9);
        assertThat(cluster.getSpec().getBroker().getGroups()).isBetween(1, 64);
        assertThat(cluster.getSpec().getBroker().getSlavesPerGroup()).isBetween(0, 4);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleRendersTheApprovedStatefulSets(Path file) throws IOException {
        BrokerCluster cluster = Examples.load(file);
        Names names = new Names(cluster.getMetadata().getName(), cluster.getMetadata().getNamespace(), Names.DEFAULT_CLUSTER_DOMAIN);
        // what the security step hands the builders for this spec (hashes stand in for the Secrets' content)
        SecuritySpec security = cluster.getSpec().getSecurity();
        SecurityMaterial material = security == null ? SecurityMaterial.NONE : new SecurityMaterial(
                security.authenticationEnabled() ? "credentials-hash" : null,
                security.tlsEnabled() ? "ca-hash" : null, security.tlsEnabled() ? names.tlsSecret() : null);
        BrokerGroupModel group0 = new BrokerGroupModel(cluster, names, 0, material);
        List<StatefulSet> sets = List.of(new NameServerModel(cluster, names, material).statefulSet(),
                group0.statefulSet(BrokerRole.MASTER), group0.statefulSet(BrokerRole.SLAVE));
        String rendered = YAML.writeValueAsString(sets);
        String name = file.getFileName().toString().replace(".yaml", "") + "-statefulsets.yaml";
        Path golden = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, rendered);
        }
        assertThat(golden).as("no approved file: run with -Dgolden.update=true and review it").exists();
        assertThat(rendered).as("%s changed: review, then re-approve with -Dgolden.update=true", golden)
                .isEqualTo(Files.readString(golden));
    }
}
