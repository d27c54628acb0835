package io.cometmq.operator.user;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.BrokerUsers;
import io.cometmq.operator.crd.AclEntrySpec.Action;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.crd.SecretKeyRefSpec;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.it.OperatorHarness;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BrokerUser lifecycle on the mock API server where no broker is needed: cluster missing or without
 * authentication, password Secrets (generated and owned, or named and missing), invalid specs the schema's CEL would
 * refuse, and the finalizer when the cluster is gone. With brokers: {@link BrokerUserBrokerIT}.
 */
class BrokerUserIT {
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = OperatorHarness.withUsers(users -> users);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private BrokerUser create(BrokerUser user) {
        return harness.client.resource(user).create();
    }

    private BrokerUser user(String name) {
        return harness.client.resources(BrokerUser.class).inNamespace(NS).withName(name).get();
    }

    private String ready(String name) {
        BrokerUser user = user(name);
        return user == null || user.getStatus() == null ? null : Conditions.find(user.getStatus().getConditions(),
                Conditions.READY).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
    }

    private void awaitReady(String name, String statusAndReason) {
        await().atMost(Duration.ofSeconds(20)).until(() -> statusAndReason.equals(ready(name)));
    }

    @Test
    void missingClusterIsReportedAndAGeneratedPasswordSecretIsOwnedAndNeverShown() {
        BrokerUser created = create(BrokerUsers.of("app", "nowhere", "app", BrokerUsers.allow("Topic:orders", Action.Pub)));

        awaitReady("app", "False/" + BrokerUserReconciler.CLUSTER_NOT_FOUND);
        BrokerUser user = user("app");
        assertThat(user.getStatus().getObservedGeneration()).isEqualTo(user.getMetadata().getGeneration());
        assertThat(user.getStatus().getConditions().get(0).getMessage()).contains("nowhere", NS);
        assertThat(user.getMetadata().getFinalizers()).containsExactly("brokerusers.cometmq.io/finalizer");

        // the password comes before the cluster is needed, so the Secret exists already
        Secret secret = harness.client.secrets().inNamespace(NS).withName("app-password").get();
        assertThat(secret).isNotNull();
        String password = new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
        assertThat(password).matches("[A-Za-z0-9]{32}");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("BrokerUser");
            assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
        });
        assertNoSecretShown("app", password);
    }

    @Test
    void aClusterCreatedLaterIsPickedUpWithoutWaitingForTheRetry() throws Exception {
        harness.close();
        // retries far apart: only the BrokerCluster informer can bring the change within the deadline
        harness = OperatorHarness.withUsers(users -> users.withTiming(Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5)));
        create(BrokerUsers.of("app", "later", "app"));
        awaitReady("app", "False/" + BrokerUserReconciler.CLUSTER_NOT_FOUND);
        harness.create(BrokerClusters.minimal("later"));
        awaitReady("app", "False/" + BrokerUserReconciler.AUTHENTICATION_DISABLED);
    }

    @Test
    void clusterWithoutAuthenticationIsReported() {
        harness.create(BrokerClusters.minimal("plain"));
        create(BrokerUsers.of("app", "plain", "app"));
        awaitReady("app", "False/" + BrokerUserReconciler.AUTHENTICATION_DISABLED);
    }

    @Test
    void namedPasswordSecretMissingThenPresentButWithoutTheKey() {
        BrokerCluster cluster = BrokerClusters.minimal("secure");
        cluster.getSpec().setSecurity(new SecuritySpec());
        cluster.getSpec().getSecurity().setAuthentication(true);
        harness.create(cluster);
        BrokerUser user = BrokerUsers.of("app", "secure", "app");
        user.getSpec().setPasswordSecret(new SecretKeyRefSpec("app-secret", "pw"));
        create(user);

        awaitReady("app", "False/PasswordSecretNotFound");
        assertThat(harness.client.secrets().inNamespace(NS).withName("app-password").get())
                .as("no Secret is generated when the spec names one").isNull();
        harness.client.resource(new SecretBuilder().withNewMetadata().withName("app-secret").withNamespace(NS).endMetadata()
                .addToData("other", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8))).build()).create();
        awaitReady("app", "False/PasswordSecretInvalid");
        assertThat(user("app").getStatus().getConditions().get(0).getMessage()).contains("app-secret", "pw");
    }

    @Test
    void duplicateResourcesAreRefusedWhereTheSchemaCouldNotBeChecked() {
        BrokerCluster cluster = BrokerClusters.minimal("secure");
        cluster.getSpec().setSecurity(new SecuritySpec());
        cluster.getSpec().getSecurity().setAuthentication(true);
        harness.create(cluster);
        create(BrokerUsers.of("app", "secure", "app", BrokerUsers.allow("Topic:a", Action.Pub),
                BrokerUsers.allow("Topic:a", Action.Sub)));
        awaitReady("app", "False/" + BrokerUserReconciler.INVALID_SPEC);
        assertThat(user("app").getStatus().getConditions().get(0).getMessage()).contains("Topic:a");
    }

    @Test
    void aSecondBrokerUserForTheSameUsernameChangesNothingUntilTheFirstIsGone() {
        create(BrokerUsers.of("first", "nowhere", "app"));
        awaitReady("first", "False/" + BrokerUserReconciler.CLUSTER_NOT_FOUND);
        create(BrokerUsers.of("second", "nowhere", "app"));
        awaitReady("second", "False/" + BrokerUserReconciler.USERNAME_TAKEN);
        assertThat(user("second").getStatus().getConditions().get(0).getMessage()).contains("first", "app");
        assertThat(harness.client.secrets().inNamespace(NS).withName("second-password").get())
                .as("a BrokerUser that manages nothing generates no password").isNull();

        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("first").delete();
        awaitReady("second", "False/" + BrokerUserReconciler.CLUSTER_NOT_FOUND);
    }

    @Test
    void deletionWithoutClusterJustRemovesTheFinalizer() {
        create(BrokerUsers.of("app", "nowhere", "app"));
        await().atMost(Duration.ofSeconds(20)).until(() -> user("app").getMetadata().getFinalizers() != null
                && !user("app").getMetadata().getFinalizers().isEmpty());
        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> user("app") == null);
    }

    /** Neither status nor any event in the namespace holds the password. */
    private void assertNoSecretShown(String name, String password) {
        assertThat(harness.client.getKubernetesSerialization().asJson(user(name).getStatus())).doesNotContain(password);
        assertThat(harness.client.v1().events().inNamespace(NS).list().getItems())
                .allSatisfy(e -> assertThat(harness.client.getKubernetesSerialization().asJson(e)).doesNotContain(password));
    }
}
