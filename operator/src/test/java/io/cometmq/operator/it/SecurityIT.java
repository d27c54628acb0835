package io.cometmq.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.TestClock;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.crd.TlsSpec;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.security.Certificates;
import io.cometmq.operator.security.SecretValues;
import io.cometmq.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.security against the mock API server: Secrets, certificates, pod templates, NetworkPolicy and status. */
class SecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestClock clock = TestClock.fixed(Instant.parse("2026-12-07T12:00:00Z"));
    private OperatorHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new OperatorHarness(settings -> settings.withClock(clock));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static BrokerCluster secured(String name) {
        BrokerCluster cluster = BrokerClusters.withSlaves(name, 1, 1);
        SecuritySpec security = new SecuritySpec();
        security.setAuthentication(true);
        security.setTls(new TlsSpec());
        security.setNetworkPolicy(true);
        cluster.getSpec().setSecurity(security);
        return cluster;
    }

    private Secret secret(String name) {
        return harness.client.secrets().inNamespace(OperatorHarness.NS).withName(name).get();
    }

    private String value(String secret, String key) {
        return SecretValues.read(secret(secret), key).orElse(null);
    }

    private String annotation(String set, String key) {
        StatefulSet sts = harness.statefulSet(set);
        return sts == null ? null : sts.getSpec().getTemplate().getMetadata().getAnnotations().get(key);
    }

    private void awaitSecured(String name) {
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3 && secret(name + "-tls") != null);
        harness.markAllReady();
    }

    @Test
    void createsTheSecretsOnceAndRendersPodsConfigsAndStatusFromThem() {
        harness.create(secured("sec"));
        awaitSecured("sec");

        String password = value("sec-superuser", "password");
        String innerSecret = value("sec-inner-credentials", "secretKey");
        assertThat(value("sec-superuser", "username")).isEqualTo("admin");
        assertThat(value("sec-inner-credentials", "accessKey")).isEqualTo("cometmq-inner");
        assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(innerSecret).hasSize(32).isNotEqualTo(password);
        for (String name : List.of("sec-superuser", "sec-inner-credentials", "sec-broker-security", "sec-ca", "sec-tls")) {
            assertThat(secret(name).getMetadata().getOwnerReferences()).as(name)
                    .anyMatch(o -> o.getKind().equals("BrokerCluster") && o.getName().equals("sec"));
        }
        assertThat(value("sec-broker-security", "initAuthenticationUser"))
                .isEqualTo("{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(value("sec-broker-security", "innerClientAuthenticationCredentials")).contains("cometmq-inner",
                innerSecret);

        for (String set : List.of("sec-nameserver", "sec-broker-0-master", "sec-broker-0-slave")) {
            Container container = harness.statefulSet(set).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnv()).as(set).filteredOn(e -> e.getName().startsWith("COMETMQ_INIT")
                    || e.getName().startsWith("COMETMQ_INNER")).extracting(EnvVar::getValueFrom)
                    .allMatch(v -> v.getSecretKeyRef().getName().equals("sec-broker-security")).hasSize(2);
            assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null && e.getValue().contains(password));
            assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/cometmq/tls"));
            assertThat(annotation(set, Annotations.CREDENTIALS_HASH)).isNotBlank();
            assertThat(annotation(set, Annotations.CA_HASH)).isNotBlank();
        }
        String brokerConf = harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("sec-broker-0-config")
                .get().getData().get("master.conf");
        assertThat(brokerConf).contains("authenticationEnabled=true\n", "authorizationEnabled=true\n",
                "tls.server.mode=enforcing\n", "tls.client.trustCertPath=/etc/cometmq/tls/ca.crt\n")
                .doesNotContain(password, innerSecret);
        assertThat(harness.client.configMaps().inNamespace(OperatorHarness.NS).withName("sec-nameserver-config").get()
                .getData().get("namesrv.conf")).contains("authenticationEnabled=true\n");

        await().atMost(WAIT).untilAsserted(() -> {
            var security = harness.get("sec").getStatus().getSecurity();
            assertThat(security.getAuthentication()).isTrue();
            assertThat(security.getTls()).isEqualTo("enforcing");
            assertThat(security.getNetworkPolicy()).isTrue();
            assertThat(Instant.parse(security.getCertificateNotAfter()))
                    .isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        });

        // later reconciles (a spec change rolls the config) keep the generated Secrets as they are
        harness.edit("sec", bc -> bc.getSpec().getBroker().getConfig().put("sendMessageThreadPoolNums", "8"));
        await().atMost(WAIT).until(() -> harness.client.configMaps().inNamespace(OperatorHarness.NS)
                .withName("sec-broker-0-config").get().getData().get("master.conf").contains("ThreadPoolNums=8"));
        assertThat(value("sec-superuser", "password")).isEqualTo(password);
        assertThat(value("sec-inner-credentials", "secretKey")).isEqualTo(innerSecret);

        // nothing secret in status or events
        String leafKey = value("sec-tls", "tls.key");
        String caKey = value("sec-ca", "ca.key");
        List<String> published = new ArrayList<>();
        published.add(harness.client.getKubernetesSerialization().asJson(harness.get("sec").getStatus()));
        harness.client.v1().events().inNamespace(OperatorHarness.NS).list().getItems()
                .forEach(e -> published.add(harness.client.getKubernetesSerialization().asJson(e)));
        for (String text : published) {
            assertThat(text).doesNotContain(password, innerSecret, body(leafKey), body(caKey));
        }
    }

    /** The base64 body of a PEM key (what would leak), without the armour lines every key shares. */
    private static String body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    @Test
    void aCredentialChangeRollsThePodsWithANewHash() {
        harness.create(secured("rot"));
        awaitSecured("rot");
        await().atMost(WAIT).until(() -> annotation("rot-broker-0-slave", Annotations.CREDENTIALS_HASH) != null);
        String before = annotation("rot-broker-0-slave", Annotations.CREDENTIALS_HASH);
        String renderedBefore = value("rot-broker-security", "innerClientAuthenticationCredentials");

        Secret inner = secret("rot-inner-credentials");
        inner.getData().put("secretKey", SecretValues.encode("a-rotated-secret-key-of-32-chars"));
        harness.client.resource(inner).update();

        await().atMost(WAIT).until(() -> !before.equals(annotation("rot-broker-0-slave", Annotations.CREDENTIALS_HASH)));
        assertThat(value("rot-broker-security", "innerClientAuthenticationCredentials"))
                .isNotEqualTo(renderedBefore).contains("a-rotated-secret-key-of-32-chars");
        // slave first: the master's template follows once the slaves are ready again
        harness.markReady("rot-broker-0-slave");
        await().atMost(WAIT).until(() -> annotation("rot-broker-0-slave", Annotations.CREDENTIALS_HASH)
                .equals(annotation("rot-broker-0-master", Annotations.CREDENTIALS_HASH)));
    }

    @Test
    void aMissingNamedSecretIsDegradedNamingItAndNothingIsCreated() {
        BrokerCluster cluster = secured("named");
        cluster.getSpec().getSecurity().setSuperUserSecret("my-admin");
        harness.create(cluster);
        harness.awaitCondition("named", Conditions.DEGRADED, "True/SecuritySecretInvalid");
        assertThat(harness.get("named").getStatus().getConditions()).filteredOn(c -> c.getType().equals("Degraded"))
                .first().satisfies(c -> assertThat(c.getMessage()).contains("my-admin", "superUserSecret"));
        assertThat(harness.statefulSets()).isEmpty();

        // a Secret without the password key: named with the key
        harness.client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("my-admin").withNamespace(OperatorHarness.NS).endMetadata()
                .withData(Map.of("username", SecretValues.encode("root"))).build()).create();
        await().atMost(WAIT).until(() -> harness.get("named").getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Degraded") && c.getMessage().contains("password")));
        assertThat(harness.statefulSets()).isEmpty();

        Secret complete = secret("my-admin");
        complete.getData().put("password", SecretValues.encode("user-chosen-password"));
        harness.client.resource(complete).update();
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        assertThat(value("named-broker-security", "initAuthenticationUser")).contains("\"root\"");
        assertThat(secret("named-superuser")).isNull();
    }

    @Test
    void renewsTheServingCertificateWithoutARollAndRollsOnANewCa() {
        harness.create(secured("cert"));
        awaitSecured("cert");
        X509Certificate first = Certificates.parseCertificate(value("cert-tls", "tls.crt"));
        String caHash = annotation("cert-broker-0-slave", Annotations.CA_HASH);
        assertThat(Certificates.dnsNames(first)).contains("*.cert-broker-0-master.cometmq-test.svc.cluster.local",
                "*.cert-nameserver.cometmq-test.svc", "cert-nameserver");

        clock.advance(Duration.ofDays(61));
        await().atMost(WAIT).until(() -> !first.equals(Certificates.parseCertificate(value("cert-tls", "tls.crt"))));
        X509Certificate renewed = Certificates.parseCertificate(value("cert-tls", "tls.crt"));
        assertThat(renewed.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(annotation("cert-broker-0-slave", Annotations.CA_HASH)).isEqualTo(caHash);

        harness.client.secrets().inNamespace(OperatorHarness.NS).withName("cert-ca").delete();
        await().atMost(WAIT).until(() -> !caHash.equals(annotation("cert-broker-0-slave", Annotations.CA_HASH)));
        X509Certificate newCa = Certificates.parseCertificate(value("cert-ca", "ca.crt"));
        assertThat(Certificates.signedBy(Certificates.parseCertificate(value("cert-tls", "tls.crt")), newCa)).isTrue();
    }

    @Test
    void aUsersCertificateSecretIsCheckedMountedAndReportedBeforeItExpires() {
        BrokerCluster cluster = BrokerClusters.withSlaves("own", 1, 0);
        SecuritySpec security = new SecuritySpec();
        TlsSpec tls = new TlsSpec();
        tls.setMode(TlsSpec.TlsModeSpec.permissive);
        tls.setCertificateSecret("own-certs");
        security.setTls(tls);
        cluster.getSpec().setSecurity(security);
        harness.create(cluster);
        harness.awaitCondition("own", Conditions.DEGRADED, "True/CertificateSecretInvalid");
        assertThat(harness.statefulSets()).isEmpty();

        // cert-manager's layout, with a certificate that has 20 days left
        Certificates.Issued ca = Certificates.authority("own CA", clock.instant(), Duration.ofDays(365));
        Certificates.Issued leaf = Certificates.leaf(ca.certificate(), Certificates.parsePrivateKey(ca.privateKeyPem()),
                "own", List.of("*.own-nameserver.cometmq-test.svc"), clock.instant(), Duration.ofDays(20));
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("tls.crt", SecretValues.encode(leaf.certificatePem()));
        data.put("tls.key", SecretValues.encode(leaf.privateKeyPem()));
        harness.client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("own-certs").withNamespace(OperatorHarness.NS).endMetadata().withType("kubernetes.io/tls")
                .withData(data).build()).create();
        await().atMost(WAIT).until(() -> harness.get("own").getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Degraded") && c.getMessage().contains("own-certs")
                        && c.getMessage().contains("ca.crt")));

        Secret complete = secret("own-certs");
        complete.getData().put("ca.crt", SecretValues.encode(ca.certificatePem()));
        harness.client.resource(complete).update();
        await().atMost(WAIT).until(() -> harness.statefulSets().size() == 3);
        assertThat(harness.statefulSet("own-broker-0-master").getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getSecret() != null && "own-certs".equals(v.getSecret().getSecretName()));
        assertThat(secret("own-ca")).isNull();
        assertThat(secret("own-tls")).isNull();
        harness.markAllReady();
        harness.awaitCondition("own", Conditions.DEGRADED, "True/CertificateExpiring");
        assertThat(harness.get("own").getStatus().getSecurity().getTls()).isEqualTo("permissive");
        assertThat(harness.get("own").getStatus().getSecurity().getCertificateNotAfter())
                .isEqualTo(clock.instant().plus(Duration.ofDays(20)).toString());
    }

    @Test
    void theNetworkPolicyComesAndGoesWithTheFlag() {
        harness.create(secured("np"));
        awaitSecured("np");
        await().atMost(WAIT).until(() -> policy("np") != null);
        NetworkPolicy policy = policy("np");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "np");
        assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(10912);
            assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "broker");
        });
        assertThat(policy.getSpec().getIngress()).anySatisfy(rule -> {
            // remoting, the gRPC port of spec.grpc and the metrics port of spec.monitoring (both on by default):
            // SDKs and Prometheus connect from anywhere
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9876, 10911, 8081, 5557);
            assertThat(rule.getFrom()).isNullOrEmpty();
        });

        harness.edit("np", bc -> bc.getSpec().getSecurity().setNetworkPolicy(false));
        await().atMost(WAIT).until(() -> policy("np") == null);
    }

    private NetworkPolicy policy(String name) {
        return harness.client.network().v1().networkPolicies().inNamespace(OperatorHarness.NS).withName(name).get();
    }
}
