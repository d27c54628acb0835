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
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ must be exactly what crd-generator-maven-plugin produced from the Java model in this
 * build, with one deliberate change: the generator sorts printer columns by JSON path, and kubectl shows them in
 * list order, so the columns are put back in the order {@link BrokerCluster} declares them (Ready, NameServers,
 * Groups, Phase, Masters, Age). After changing the model, re-approve with {@code mvn -pl operator verify -Dcrd.update=true}.
 */
class CrdUpToDateTest {
    static final String FILE = "brokerclusters.cometmq.io-v1.yml";

    @Test
    void checkedInCrdMatchesTheGeneratedOne() throws IOException {
        Path generated = Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"), FILE);
        Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds"), FILE);
        String fresh = withDeclaredColumnOrder(Files.readString(generated));
        if (Boolean.getBoolean("crd.update")) {
            Files.createDirectories(checkedIn.getParent());
            Files.writeString(checkedIn, fresh);
        }
        assertThat(checkedIn).as("crds/%s is stale: run mvn -pl operator verify -Dcrd.update=true", FILE).exists();
        assertThat(Files.readString(checkedIn))
                .as("crds/%s differs from the generated CRD: run mvn -pl operator verify -Dcrd.update=true", FILE)
                .isEqualTo(fresh);
    }

    /** The generated CRD with its printer columns in the order of the class's annotations. */
    static String withDeclaredColumnOrder(String generated) {
        CustomResourceDefinition crd = Serialization.unmarshal(generated, CustomResourceDefinition.class);
        List<String> declared = Arrays.stream(BrokerCluster.class.getAnnotationsByType(AdditionalPrinterColumn.class))
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
                .containsExactly("Ready", "NameServers", "Groups", "Phase", "Masters", "Age");
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
