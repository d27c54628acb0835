package io.cometmq.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SecurityPods;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificatePlanTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final BrokerCluster CLUSTER = BrokerClusters.withSlaves("demo", 2, 1);
    private static final Names NAMES = new Names("demo", BrokerClusters.NAMESPACE, "cluster.local");
    private static final List<String> DNS = TlsHostNames.of(CLUSTER, NAMES);

    private static Secret caSecret(Certificates.Issued ca) {
        return GeneratedSecrets.secret(CLUSTER, NAMES.caSecret(), Map.of(SecurityPods.CA_CERT, ca.certificatePem(),
                CertificatePlan.CA_KEY, ca.privateKeyPem()));
    }

    private static Secret tlsSecret(Certificates.Issued leaf, Certificates.Issued ca) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SecurityPods.TLS_CERT, leaf.certificatePem());
        values.put(SecurityPods.TLS_KEY, leaf.privateKeyPem());
        values.put(SecurityPods.CA_CERT, ca.certificatePem());
        return GeneratedSecrets.secret(CLUSTER, NAMES.tlsSecret(), values);
    }

    private static Certificates.Issued leaf(Certificates.Issued ca, List<String> dns, Instant at) {
        return Certificates.leaf(ca.certificate(), Certificates.parsePrivateKey(ca.privateKeyPem()), "demo", dns, at,
                CertificatePlan.LEAF_VALIDITY);
    }

    @Test
    void theCaIsP256ForFiveYearsAndTheLeafNamesEveryPodAndServiceFor90Days() {
        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        Certificates.Issued leaf = leaf(ca, DNS, NOW);
        X509Certificate caCert = ca.certificate();
        assertThat(caCert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(caCert.getPublicKey().toString()).contains("secp256r1");
        assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(Duration.between(NOW, caCert.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(5 * 365));
        X509Certificate leafCert = leaf.certificate();
        assertThat(leafCert.getBasicConstraints()).isEqualTo(-1);
        assertThat(Duration.between(NOW, leafCert.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(90));
        assertThat(Certificates.signedBy(leafCert, caCert)).isTrue();
        assertThat(Certificates.dnsNames(leafCert)).contains(
                "*.demo-nameserver.cometmq-test.svc.cluster.local", "*.demo-nameserver.cometmq-test.svc",
                "demo-nameserver", "demo-nameserver.cometmq-test.svc",
                "*.demo-broker-0-master.cometmq-test.svc.cluster.local",
                "*.demo-broker-1-slave.cometmq-test.svc.cluster.local", "demo-broker-1-slave.cometmq-test");
        assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Certificates.parsePrivateKey(leaf.privateKeyPem()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void createsTheCaWhenThereIsNoneAndTheLeafWhenItIsMissing() {
        assertThat(CertificatePlan.decide(null, null, DNS, NOW).action()).isEqualTo(CertificatePlan.Action.NEW_CA);
        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        assertThat(CertificatePlan.decide(caSecret(ca), null, DNS, NOW).action())
                .isEqualTo(CertificatePlan.Action.ISSUE_LEAF);
        assertThat(CertificatePlan.decide(caSecret(ca), tlsSecret(leaf(ca, DNS, NOW), ca), DNS, NOW).action())
                .isEqualTo(CertificatePlan.Action.KEEP);
    }

    @Test
    void renewsTheLeafThirtyDaysBeforeItExpires() {
        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        Secret tls = tlsSecret(leaf(ca, DNS, NOW), ca);
        assertThat(CertificatePlan.decide(caSecret(ca), tls, DNS, NOW.plus(Duration.ofDays(59))).action())
                .isEqualTo(CertificatePlan.Action.KEEP);
        assertThat(CertificatePlan.decide(caSecret(ca), tls, DNS, NOW.plus(Duration.ofDays(61))).action())
                .isEqualTo(CertificatePlan.Action.ISSUE_LEAF);
    }

    @Test
    void reissuesWhenTheHostsChangeOrTheLeafIsFromAnotherCa() {
        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        Certificates.Issued other = Certificates.authority("other CA", NOW, CertificatePlan.CA_VALIDITY);
        Secret tls = tlsSecret(leaf(ca, DNS, NOW), ca);
        List<String> threeGroups = TlsHostNames.of(BrokerClusters.withSlaves("demo", 3, 1), NAMES);
        assertThat(CertificatePlan.decide(caSecret(ca), tls, threeGroups, NOW).action())
                .isEqualTo(CertificatePlan.Action.ISSUE_LEAF);
        assertThat(CertificatePlan.decide(caSecret(other), tls, DNS, NOW).action())
                .isEqualTo(CertificatePlan.Action.ISSUE_LEAF);
    }

    @Test
    void remakesTheCaThirtyDaysBeforeItExpires() {
        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        Instant late = NOW.plus(CertificatePlan.CA_VALIDITY).minus(Duration.ofDays(29));
        assertThat(CertificatePlan.decide(caSecret(ca), tlsSecret(leaf(ca, DNS, late), ca), DNS, late).action())
                .isEqualTo(CertificatePlan.Action.NEW_CA);
    }

    @Test
    void externalAddressesInStatusAreNamedAndANewOneIssuesTheLeafAgain() {
        BrokerCluster cluster = BrokerClusters.withSlaves("demo", 1, 0);
        io.cometmq.operator.crd.ExternalAccessSpec external = new io.cometmq.operator.crd.ExternalAccessSpec();
        external.setEnabled(true);
        cluster.getSpec().setExternalAccess(external);
        io.cometmq.operator.crd.ExternalAccessStatus status = new io.cometmq.operator.crd.ExternalAccessStatus();
        status.setNameServerAddress("ns.example.com:9877");
        status.getBrokers().add(new io.cometmq.operator.crd.ExternalAccessStatus.BrokerAddress("demo-broker-0-master-0",
                "[2001:db8::7]:10911"));
        cluster.setStatus(new io.cometmq.operator.crd.BrokerClusterStatus());
        cluster.getStatus().setExternalAccess(status);
        List<String> names = TlsHostNames.of(cluster, NAMES);
        assertThat(names).contains("ns.example.com", "2001:db8:0:0:0:0:0:7");

        Certificates.Issued ca = Certificates.authority("demo CA", NOW, CertificatePlan.CA_VALIDITY);
        Certificates.Issued leaf = leaf(ca, names, NOW);
        assertThat(Certificates.dnsNames(leaf.certificate())).contains("ns.example.com", "2001:db8:0:0:0:0:0:7");
        assertThat(CertificatePlan.decide(caSecret(ca), tlsSecret(leaf, ca), names, NOW).action())
                .isEqualTo(CertificatePlan.Action.KEEP);

        status.getBrokers().add(new io.cometmq.operator.crd.ExternalAccessStatus.BrokerAddress("demo-broker-0-slave-0",
                "198.51.100.9:31002"));
        List<String> more = TlsHostNames.of(cluster, NAMES);
        assertThat(more).contains("198.51.100.9");
        assertThat(CertificatePlan.decide(caSecret(ca), tlsSecret(leaf, ca), more, NOW).action())
                .isEqualTo(CertificatePlan.Action.ISSUE_LEAF);
        external.setEnabled(false);
        assertThat(TlsHostNames.of(cluster, NAMES)).doesNotContain("ns.example.com");
    }
}
