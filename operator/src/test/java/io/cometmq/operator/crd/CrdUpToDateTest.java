package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs in crds/ must be exactly what crd-generator-maven-plugin produced from the Java model in this
 * build, with one deliberate change: the generator sorts printer columns by JSON path, and kubectl shows them in
 * list order, so the columns are put back in the order the resource class declares them (for {@link BrokerCluster}:
 * Ready, NameServers, Groups, Phase, Masters, Age, and gRPC and External for -o wide). After changing the model, re-approve with
 * {@code mvn -pl operator verify -Dcrd.update=true}.
 */
class CrdUpToDateTest {
    static final String FILE = "brokerclusters.cometmq.io-v1.yml";
    static final String USER_FILE = "brokerusers.cometmq.io-v1.yml";

    static Stream<Arguments> crds() {
        return Stream.of(Arguments.of(FILE, BrokerCluster.class), Arguments.of(USER_FILE, BrokerUser.class));
    }

    @ParameterizedTest
    @MethodSource("crds")
    void checkedInCrdMatchesTheGeneratedOne(String file, Class<?> resource) throws IOException {
        Path generated = Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"), file);
        Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds"), file);
        String fresh = withDeclaredColumnOrder(Files.readString(generated), resource);
        if (Boolean.getBoolean("crd.update")) {
            Files.createDirectories(checkedIn.getParent());
            Files.writeString(checkedIn, fresh);
        }
        assertThat(checkedIn).as("crds/%s is stale: run mvn -pl operator verify -Dcrd.update=true", file).exists();
        assertThat(Files.readString(checkedIn))
                .as("crds/%s differs from the generated CRD: run mvn -pl operator verify -Dcrd.update=true", file)
                .isEqualTo(fresh);
    }

    /** The generated CRD with its printer columns in the order of the class's annotations. */
    static String withDeclaredColumnOrder(String generated, Class<?> resource) {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        List<String> declared = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        crd.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
                .sort(Comparator.comparingInt(column -> declared.indexOf(column.getName()))));
        String header = generated.startsWith("#") ? generated.substring(0, generated.indexOf('\n') + 1) : "";
        return header + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    }

    @Test
    void printerColumnsAreInDeclaredOrder() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("crds.dir", "../crds"), FILE)), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(column -> column.getName())
                .containsExactly("Ready", "NameServers", "Groups", "Phase", "Masters", "Age", "gRPC", "External");
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .as("only the gRPC endpoint and the external NameServer address wait for -o wide")
                .allSatisfy(column -> assertThat(column.getPriority())
                        .isEqualTo(List.of("gRPC", "External").contains(column.getName()) ? 1 : 0));
        CustomResourceDefinition users = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("crds.dir", "../crds"), USER_FILE)), CustomResourceDefinition.class);
        assertThat(users.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(column -> column.getName())
                .containsExactly("Cluster", "Username", "Type", "Ready", "Age");
    }

    @Test
    void brokerUserCrdIsNamespacedWithShortNameStatusAndImmutableNames() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("crds.dir", "../crds"), USER_FILE)), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getGroup()).isEqualTo(BrokerCluster.GROUP);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("bu");
        var version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo(BrokerCluster.VERSION);
        assertThat(version.getSubresources().getStatus()).isNotNull();
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        for (String immutable : List.of("username", "clusterRef")) {
            assertThat(spec.getProperties().get(immutable).getXKubernetesValidations())
                    .extracting(rule -> rule.getRule()).containsExactly("self == oldSelf");
        }
    }

    @Test
    void crdCarriesTheCelRulesPrinterColumnsAndStatusSubresource() throws IOException {
        String crd = Files.readString(Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"), FILE));
        assertThat(crd)
                .contains("storage.storageClassName is immutable")
                .contains("replicationMode SYNC needs slavesPerGroup >= 1")
                .contains("failover.enabled true needs slavesPerGroup >= 1")
                .contains("name: \"Masters\"", "jsonPath: \".status.masters\"")
                .contains("shortNames:", "- \"bc\"", "- \"cmq\"")
                .contains("name: \"Ready\"", "name: \"NameServers\"", "name: \"Groups\"", "name: \"Age\"")
                .contains("status: {}");
    }
}
