package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.Examples;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every BrokerUser example loads strictly, names an example cluster, and meets the CRD's patterns and bounds. */
class BrokerUserExamplesTest {

    static List<Path> examples() throws IOException {
        List<Path> files = Examples.files("BrokerUser");
        assertThat(files).as("examples/brokeruser.yaml").isNotEmpty();
        return files;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleIsValid(Path file) throws IOException {
        BrokerUser user = Examples.loadUser(file);
        assertThat(user.getApiVersion()).isEqualTo("cometmq.io/v1alpha1");
        Set<String> clusters = new HashSet<>();
        for (Path cluster : Examples.files()) {
            clusters.add(Examples.load(cluster).getMetadata().getName());
        }
        assertThat(clusters).contains(user.getSpec().getClusterRef());

        JSONSchemaProps spec = schema().getProperties().get("spec");
        assertThat(user.getSpec().getUsername()).matches(spec.getProperties().get("username").getPattern());
        JSONSchemaProps entry = spec.getProperties().get("acl").getItems().getSchema();
        Pattern resource = Pattern.compile(entry.getProperties().get("resource").getPattern());
        Pattern ip = Pattern.compile(entry.getProperties().get("sourceIps").getItems().getSchema().getPattern());
        assertThat(user.getSpec().getAcl()).hasSizeLessThanOrEqualTo(spec.getProperties().get("acl").getMaxItems().intValue())
                .allSatisfy(e -> {
                    assertThat(resource.matcher(e.getResource()).matches()).as(e.getResource()).isTrue();
                    assertThat(e.getSourceIps()).allSatisfy(i -> assertThat(ip.matcher(i).matches()).as(i).isTrue());
                    assertThat(e.getActions()).isNotEmpty();
                });
        assertThat(user.getSpec().getAcl()).extracting(AclEntrySpec::getResource).doesNotHaveDuplicates();
    }

    private static JSONSchemaProps schema() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(
                Path.of(System.getProperty("crds.dir", "../crds"), CrdUpToDateTest.USER_FILE)), CustomResourceDefinition.class);
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }
}
