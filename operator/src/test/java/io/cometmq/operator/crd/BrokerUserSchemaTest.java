package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The patterns of the checked-in BrokerUser CRD (what the API server enforces at admission) against examples of
 * what must pass and what must be refused. The patterns are plain RE2-compatible regexes, so java.util.regex
 * judges them as the API server does.
 */
class BrokerUserSchemaTest {
    private static JSONSchemaProps spec;

    @BeforeAll
    static void load() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(
                Path.of(System.getProperty("crds.dir", "../crds"), CrdUpToDateTest.USER_FILE)), CustomResourceDefinition.class);
        spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    private static JSONSchemaProps entry() {
        return spec.getProperties().get("acl").getItems().getSchema();
    }

    private static boolean matches(JSONSchemaProps schema, String value) {
        assertThat(schema.getPattern()).as("pattern of the schema").isNotNull();
        assertThat(schema.getMaxLength()).as("maxLength of the schema").isNotNull();
        // Go's $ (without the m flag) is the end of the text; Java's also matches before a final line break
        String re2 = schema.getPattern().endsWith("$")
                ? schema.getPattern().substring(0, schema.getPattern().length() - 1) + "\\z" : schema.getPattern();
        return value.length() <= schema.getMaxLength() && Pattern.compile(re2).matcher(value).find();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "a", "order-service", "svc.orders_v2", "A1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void usernamesAccepted(String name) {
        assertThat(matches(spec.getProperties().get("username"), name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-app", "app-", "User:app", "a b", "app\n", "über", "a/b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void usernamesRefused(String name) {
        assertThat(matches(spec.getProperties().get("username"), name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "Topic:orders", "Topic:orders*", "Topic:*", "Group:GID_app", "Cluster:prod",
            "Namespace:team-a", "Topic:%RETRY%GID_app"})
    void resourcesAccepted(String resource) {
        assertThat(matches(entry().getProperties().get("resource"), resource)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orders", "Topic:", "topic:orders", "Queue:orders", "Topic:a b", "**", "Topic:a\tb",
            "*Topic:a"})
    void resourcesRefused(String resource) {
        assertThat(matches(entry().getProperties().get("resource"), resource)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "192.168.1.255/32", "::1", "fe80::1/64",
            "2001:db8::/32", "2001:0db8:0000:0000:0000:ff00:0042:8329"})
    void sourceIpsAccepted(String ip) {
        assertThat(matches(entry().getProperties().get("sourceIps").getItems().getSchema(), ip)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "256.0.0.1", "10.0.0.1/33", "10.0.0.*", "localhost", "fe80::1/129",
            "10.0.0.1 ", "1:2"})
    void sourceIpsRefused(String ip) {
        assertThat(matches(entry().getProperties().get("sourceIps").getItems().getSchema(), ip)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"All", "Pub", "Sub", "Create", "Update", "Delete", "Get", "List"})
    void actionsAreApachesNames(String action) {
        assertThat(entry().getProperties().get("actions").getItems().getSchema().getEnum())
                .extracting(v -> v.asText()).contains(action).hasSize(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Allow", "Deny"})
    void decisionsAreApachesNames(String decision) {
        assertThat(entry().getProperties().get("decision").getEnum()).extracting(v -> v.asText())
                .containsExactlyInAnyOrder("Allow", "Deny").contains(decision);
    }

    @ParameterizedTest
    @ValueSource(strings = {"username", "clusterRef"})
    void everyStringAndListIsBounded(String field) {
        assertThat(spec.getProperties().get(field).getMaxLength()).isNotNull();
        assertThat(spec.getProperties().get("acl").getMaxItems()).isNotNull();
        assertThat(entry().getProperties().get("actions").getMaxItems()).isNotNull();
        assertThat(entry().getProperties().get("sourceIps").getMaxItems()).isNotNull();
        assertThat(spec.getProperties().get("userType").getEnum()).extracting(v -> v.asText())
                .containsExactlyInAnyOrder("Normal", "Super");
    }
}
