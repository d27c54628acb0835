package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.config.BrokerConfigKeys;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CEL rules of crds/ compile on every API server we support (1.25+) and fit its cost budget, as modelled by
 * {@link CelRuleCheck}. The second half proves the model refuses what real API servers refused.
 */
class CelRulesTest {

    private static JSONSchemaProps checkedInSchema() throws IOException {
        return checkedInSchema(CrdUpToDateTest.FILE);
    }

    private static JSONSchemaProps checkedInSchema(String file) throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of(System.getProperty("crds.dir", "../crds"), file)),
                CustomResourceDefinition.class);
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    @Test
    void everyRuleOfTheCrdUsesOnly125FunctionsAndFitsTheCostBudget() throws IOException {
        CelRuleCheck check = CelRuleCheck.of(checkedInSchema());

        assertThat(check.findings).as("CEL rules an API server would refuse").isEmpty();
        assertThat(check.costs).as("rules found in the CRD").hasSizeGreaterThanOrEqualTo(4);
        check.costs.forEach(c -> System.out.printf("CEL cost %8d  %s: %s%n", c.cost(), c.path(), c.rule()));
        assertThat(check.totalCost()).isLessThan(CelRuleCheck.CRD_LIMIT);
    }

    @Test
    void everyRuleOfTheBrokerUserCrdUsesOnly125FunctionsAndFitsTheCostBudget() throws IOException {
        CelRuleCheck check = CelRuleCheck.of(checkedInSchema(CrdUpToDateTest.USER_FILE));

        assertThat(check.findings).as("CEL rules an API server would refuse").isEmpty();
        assertThat(check.costs).extracting(CelRuleCheck.RuleCost::path)
                .contains("spec.username", "spec.clusterRef", "spec.acl");
        check.costs.forEach(c -> System.out.printf("CEL cost %8d  %s: %s%n", c.cost(), c.path(), c.rule()));
        assertThat(check.totalCost()).isLessThan(CelRuleCheck.CRD_LIMIT);
    }

    @Test
    void ownedKeysRuleListsExactlyTheKeysTheOperatorOwns() {
        Matcher m = Pattern.compile("!has\\(self\\.([A-Za-z0-9]+)\\)|!\\('([A-Za-z0-9.]+)' in self\\)")
                .matcher(BrokerSpec.OWNED_KEYS_RULE);
        List<String> inRule = m.results().map(r -> r.group(1) != null ? r.group(1) : r.group(2)).toList();
        assertThat(inRule).containsExactlyInAnyOrderElementsOf(BrokerConfigKeys.operatorOwnedNames());
    }

    @Test
    void securitySecretNamesAreBoundedDnsNamesAndTheTlsModeAnEnum() throws IOException {
        JSONSchemaProps security = checkedInSchema().getProperties().get("spec").getProperties().get("security");
        JSONSchemaProps tls = security.getProperties().get("tls");
        for (JSONSchemaProps name : List.of(security.getProperties().get("superUserSecret"),
                security.getProperties().get("innerCredentialsSecret"), tls.getProperties().get("certificateSecret"))) {
            assertThat(name.getMaxLength()).isEqualTo(253L);
            assertThat(name.getPattern()).isEqualTo(SecuritySpec.SECRET_NAME);
            assertThat("my-admin.v2").matches(name.getPattern());
            assertThat("My_Admin").doesNotMatch(name.getPattern());
        }
        assertThat(tls.getProperties().get("mode").getEnum()).extracting(j -> j.asText())
                .containsExactlyInAnyOrder("permissive", "enforcing");
        JSONSchemaProps status = checkedInSchema().getProperties().get("status").getProperties().get("security");
        assertThat(status.getProperties()).containsOnlyKeys("authentication", "authorization", "tls",
                "certificateNotAfter", "networkPolicy");
    }

    @Test
    void grpcPortRulesAreCheckedAndItsSchemaBoundsPortTypeAndAnnotations() throws IOException {
        CelRuleCheck check = CelRuleCheck.of(checkedInSchema());
        assertThat(check.costs).extracting(CelRuleCheck.RuleCost::path).contains("spec", "spec.grpc");
        assertThat(check.costs).filteredOn(c -> c.path().equals("spec")).singleElement()
                .satisfies(c -> assertThat(c.rule()).contains("self.grpc.port", "self.monitoring.port", "8081", "5557"));
        assertThat(check.costs).filteredOn(c -> c.path().equals("spec.grpc")).singleElement()
                .satisfies(c -> assertThat(c.rule()).contains("10911", "10912"));

        JSONSchemaProps grpc = checkedInSchema().getProperties().get("spec").getProperties().get("grpc");
        JSONSchemaProps port = grpc.getProperties().get("port");
        assertThat(port.getMinimum()).isEqualTo(1.0);
        assertThat(port.getMaximum()).isEqualTo(65535.0);
        assertThat(port.getDefault().asInt()).isEqualTo(8081);
        assertThat(grpc.getProperties().get("enabled").getDefault().asBoolean()).isTrue();
        JSONSchemaProps service = grpc.getProperties().get("service");
        assertThat(service.getProperties().get("type").getEnum()).extracting(j -> j.asText())
                .containsExactlyInAnyOrder("ClusterIP", "NodePort", "LoadBalancer");
        assertThat(service.getProperties().get("annotations").getMaxProperties()).isEqualTo(32L);
        assertThat(checkedInSchema().getProperties().get("status").getProperties()).containsKey("grpcEndpoint");
    }

    @Test
    void externalAccessSchemaHasItsDefaultsEnumsAndBoundsAndNoCelRule() throws IOException {
        CelRuleCheck check = CelRuleCheck.of(checkedInSchema());
        assertThat(check.costs).extracting(CelRuleCheck.RuleCost::path).noneMatch(p -> p.contains("externalAccess"));
        JSONSchemaProps external = checkedInSchema().getProperties().get("spec").getProperties().get("externalAccess");
        assertThat(external.getProperties().get("enabled").getDefault().asBoolean()).isFalse();
        assertThat(external.getProperties().get("type").getDefault().asText()).isEqualTo("LoadBalancer");
        assertThat(external.getProperties().get("type").getEnum()).extracting(j -> j.asText())
                .containsExactlyInAnyOrder("NodePort", "LoadBalancer");
        assertThat(external.getProperties().get("externalTrafficPolicy").getEnum()).extracting(j -> j.asText())
                .containsExactlyInAnyOrder("Cluster", "Local");
        assertThat(external.getProperties().get("nodeAddressType").getEnum()).extracting(j -> j.asText())
                .containsExactlyInAnyOrder("ExternalIP", "InternalIP");
        assertThat(external.getProperties().get("annotations").getMaxProperties()).isEqualTo(32L);
        assertThat(external.getProperties().get("loadBalancerSourceRanges").getMaxItems()).isEqualTo(64L);
        assertThat(external.getProperties().get("loadBalancerSourceRanges").getItems().getSchema().getMaxLength())
                .isEqualTo(64L);
        assertThat(checkedInSchema().getProperties().get("status").getProperties().get("externalAccess").getProperties())
                .containsKeys("state", "nameServerAddress", "brokers", "message");
    }

    // --- the model refuses what real API servers refused (Kubernetes 1.28, 2026-12-07) ---

    @Test
    void quantityIsRefusedBecause125LacksIt() {
        CelRuleCheck check = new CelRuleCheck();
        check.check(object("size", string(32L)), "spec.broker.storage",
                "quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0", 1);
        assertThat(check.findings).extracting(CelRuleCheck.Finding::problem)
                .anyMatch(p -> p.contains("quantity()") && p.contains("1.25"));
    }

    @Test
    void iteratingAnUnboundedMapIsRefused() {
        JSONSchemaProps map = new JSONSchemaPropsBuilder().withType("object")
                .withNewAdditionalProperties().withNewSchema().withType("string").endSchema().endAdditionalProperties().build();
        CelRuleCheck check = new CelRuleCheck();
        check.check(map, "spec.tuning.sysctls.values",
                "self.all(k, k.matches('^(vm|fs|net|kernel)\\\\.[a-z0-9_.]+$') && self[k].matches('^[0-9]+( [0-9]+)*$'))", 1);
        assertThat(check.findings).extracting(CelRuleCheck.Finding::problem)
                .anyMatch(p -> p.contains("no maxItems/maxProperties"))
                .anyMatch(p -> p.contains("key of"))
                .anyMatch(p -> p.contains("without maxLength"));
    }

    @Test
    void theOldOwnedKeysRuleIsRefusedEvenWithBoundedMap() {
        JSONSchemaProps map = new JSONSchemaPropsBuilder().withType("object").withMaxProperties(256L)
                .withNewAdditionalProperties().withNewSchema().withType("string").withMaxLength(4096L).endSchema()
                .endAdditionalProperties().build();
        CelRuleCheck check = new CelRuleCheck();
        check.check(map, "spec.broker.config", "self.all(k, !(k in ['brokerName', 'brokerId']))", 1);
        assertThat(check.findings).extracting(CelRuleCheck.Finding::problem).anyMatch(p -> p.contains("key of"));
    }

    @Test
    void boundedIterationIsPricedPerElementAndPerEnclosingListElement() {
        JSONSchemaProps list = new JSONSchemaPropsBuilder().withType("array").withMaxItems(10L)
                .withNewItems().withNewSchema().withType("string").withMaxLength(100L).endSchema().endItems().build();
        CelRuleCheck once = new CelRuleCheck();
        once.check(list, "spec.names", "self.all(n, n.startsWith('a'))", 1);
        CelRuleCheck inList = new CelRuleCheck();
        inList.check(list, "spec.groups[*].names", "self.all(n, n.startsWith('a'))", 50);

        assertThat(once.findings).isEmpty();
        assertThat(once.costs.get(0).cost()).isBetween(10L * 11, 10L * 20);
        assertThat(inList.costs.get(0).cost()).isEqualTo(50 * once.costs.get(0).cost());
    }

    @Test
    void aHugeButBoundedRuleStillExceedsTheBudget() {
        JSONSchemaProps list = new JSONSchemaPropsBuilder().withType("array").withMaxItems(100_000L)
                .withNewItems().withNewSchema().withType("string").withMaxLength(10_000L).endSchema().endItems().build();
        CelRuleCheck check = new CelRuleCheck();
        check.check(list, "spec.names", "self.all(n, n.matches('^[a-z]+$'))", 1);
        assertThat(check.findings).extracting(CelRuleCheck.Finding::problem).anyMatch(p -> p.contains("exceeds"));
    }

    private static JSONSchemaProps object(String field, JSONSchemaProps schema) {
        return new JSONSchemaPropsBuilder().withType("object").addToProperties(field, schema).build();
    }

    private static JSONSchemaProps string(Long maxLength) {
        return new JSONSchemaPropsBuilder().withType("string").withMaxLength(maxLength).build();
    }
}
