package io.cometmq.operator.security;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.TlsSpec;
import io.cometmq.operator.model.ContentHash;
import io.cometmq.operator.model.Names;
import io.cometmq.operator.model.SecurityPods;
import io.cometmq.operator.model.SpecProblem;
import io.cometmq.operator.reconcile.ResourceApplier;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Secret of spec.security.tls: the user's (checked for tls.crt, tls.key and ca.crt), or the
 * operator's CA and serving certificate, created and renewed as {@link CertificatePlan} decides. A renewed serving
 * certificate changes only the Secret (brokers re-read the files); a new CA changes the CA hash, which rolls pods.
 * While a new CA rolls out, ca.crt also holds the previous CA so that old and new pods trust each other.
 */
final class TlsSecrets {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSecrets.class);
    static final String INVALID = "CertificateSecretInvalid";
    static final String EXPIRING = "CertificateExpiring";
    static final String TLS_TYPE = "kubernetes.io/tls";

    private final ResourceApplier applier;

    TlsSecrets(ResourceApplier applier) {
        this.applier = applier;
    }

    /**
     * @param secret the Secret to mount; caHash hash of the trusted CA; notAfter of the serving certificate
     * @param problems stop the reconcile; warnings only show in Degraded
     */
    record Result(String secret, String caHash, Instant notAfter, String caPem, List<SpecProblem> problems,
            List<SpecProblem> warnings) {
        static final Result NONE = new Result(null, null, null, null, List.of(), List.of());
    }

    Result ensure(BrokerCluster cluster, Names names, Instant now) {
        TlsSpec tls = cluster.getSpec().getSecurity() == null ? null : cluster.getSpec().getSecurity().getTls();
        if (tls == null) {
            return Result.NONE;
        }
        return tls.getCertificateSecret() != null ? usersSecret(names, tls.getCertificateSecret(), now)
                : operatorSecrets(cluster, names, now);
    }

    private Result usersSecret(Names names, String name, Instant now) {
        Secret secret = get(names, name);
        if (secret == null) {
            return problem(INVALID, "Secret " + name + " named by spec.security.tls.certificateSecret does not exist.");
        }
        List<String> missing = new ArrayList<>();
        for (String key : List.of(SecurityPods.TLS_CERT, SecurityPods.TLS_KEY, SecurityPods.CA_CERT)) {
            if (SecretValues.read(secret, key).isEmpty()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            return problem(INVALID, "Secret " + name + " (spec.security.tls.certificateSecret) has no value for key"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + ".");
        }
        Optional<X509Certificate> leaf = CertificatePlan.certificate(secret, SecurityPods.TLS_CERT);
        Optional<X509Certificate> ca = CertificatePlan.certificate(secret, SecurityPods.CA_CERT);
        if (leaf.isEmpty() || ca.isEmpty()) {
            return problem(INVALID, "Secret " + name + " (spec.security.tls.certificateSecret): key "
                    + (leaf.isEmpty() ? SecurityPods.TLS_CERT : SecurityPods.CA_CERT) + " is not a PEM certificate.");
        }
        String caPem = SecretValues.read(secret, SecurityPods.CA_CERT).orElseThrow();
        Instant notAfter = leaf.get().getNotAfter().toInstant();
        List<SpecProblem> warnings = CertificatePlan.expiresSoon(leaf.get(), now)
                ? List.of(new SpecProblem(EXPIRING, "The certificate in Secret " + name + " expires at " + notAfter
                        + " and is not renewed by the operator (spec.security.tls.certificateSecret): renew it."))
                : List.of();
        return new Result(name, ContentHash.of(caPem), notAfter, caPem, List.of(), warnings);
    }

    private Result operatorSecrets(BrokerCluster cluster, Names names, Instant now) {
        Secret caSecret = get(names, names.caSecret());
        Secret tlsSecret = get(names, names.tlsSecret());
        List<String> dnsNames = TlsHostNames.of(cluster, names);
        CertificatePlan plan = CertificatePlan.decide(caSecret, tlsSecret, dnsNames, now);
        String previousCaPem = null;
        if (plan.action() == CertificatePlan.Action.NEW_CA) {
            LOG.info("{}/{}: creating CA {} ({})", names.namespace(), names.cluster(), names.caSecret(), plan.why());
            Optional<X509Certificate> old = CertificatePlan.certificate(caSecret, SecurityPods.CA_CERT);
            if (old.isPresent() && old.get().getNotAfter().toInstant().isAfter(now)) {
                previousCaPem = SecretValues.read(caSecret, SecurityPods.CA_CERT).orElseThrow();
            }
            Certificates.Issued ca = Certificates.authority("cometmq " + names.namespace() + "/" + names.cluster()
                    + " CA", now, CertificatePlan.CA_VALIDITY);
            Map<String, String> values = new LinkedHashMap<>();
            values.put(SecurityPods.CA_CERT, ca.certificatePem());
            values.put(CertificatePlan.CA_KEY, ca.privateKeyPem());
            caSecret = applier.apply(GeneratedSecrets.secret(cluster, names.caSecret(), values)).object();
        }
        String caPem = SecretValues.read(caSecret, SecurityPods.CA_CERT).orElseThrow();
        if (plan.action() != CertificatePlan.Action.KEEP) {
            if (plan.action() == CertificatePlan.Action.ISSUE_LEAF) {
                LOG.info("{}/{}: issuing serving certificate {} ({})", names.namespace(), names.cluster(),
                        names.tlsSecret(), plan.why());
            }
            X509Certificate ca = Certificates.parseCertificate(caPem);
            PrivateKey caKey = Certificates.parsePrivateKey(SecretValues.read(caSecret, CertificatePlan.CA_KEY)
                    .orElseThrow());
            Certificates.Issued leaf = Certificates.leaf(ca, caKey, names.cluster() + "." + names.namespace(),
                    dnsNames, now, CertificatePlan.LEAF_VALIDITY);
            Map<String, String> values = new LinkedHashMap<>();
            values.put(SecurityPods.TLS_CERT, leaf.certificatePem());
            values.put(SecurityPods.TLS_KEY, leaf.privateKeyPem());
            values.put(SecurityPods.CA_CERT, previousCaPem == null ? caPem : caPem + previousCaPem);
            Secret desired = GeneratedSecrets.secret(cluster, names.tlsSecret(), values);
            desired.setType(TLS_TYPE);
            tlsSecret = applier.apply(desired).object();
        }
        Instant notAfter = CertificatePlan.certificate(tlsSecret, SecurityPods.TLS_CERT)
                .map(c -> c.getNotAfter().toInstant()).orElse(null);
        return new Result(names.tlsSecret(), ContentHash.of(caPem), notAfter, caPem, List.of(), List.of());
    }

    private Secret get(Names names, String name) {
        return applier.client().secrets().inNamespace(names.namespace()).withName(name).get();
    }

    private static Result problem(String reason, String message) {
        return new Result(null, null, null, null, List.of(new SpecProblem(reason, message)), List.of());
    }
}
