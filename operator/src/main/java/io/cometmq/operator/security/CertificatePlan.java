package io.cometmq.operator.security;

import io.cometmq.operator.model.SecurityPods;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What to do with an operator-created CA ({@code <c>-ca}) and serving certificate ({@code <c>-tls}), decided from
 * the two Secrets as they are and the clock. Pure. A CA is made when there is none (or it cannot be read) and
 * remade when fewer than {@link #RENEW_BEFORE} remain; the serving certificate is issued again when it is missing,
 * not signed by the current CA, names other hosts than wanted, or has fewer than {@link #RENEW_BEFORE} left.
 */
public record CertificatePlan(Action action, String why) {
    public static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    public static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    public static final String CA_KEY = "ca.key";

    public enum Action { KEEP, ISSUE_LEAF, NEW_CA }

    public static CertificatePlan decide(Secret caSecret, Secret tlsSecret, List<String> dnsNames, Instant now) {
        Optional<X509Certificate> ca = certificate(caSecret, SecurityPods.CA_CERT);
        if (ca.isEmpty() || SecretValues.read(caSecret, CA_KEY).isEmpty() || !readableKey(caSecret)) {
            return new CertificatePlan(Action.NEW_CA, "no readable CA certificate and key");
        }
        if (expiresSoon(ca.get(), now)) {
            return new CertificatePlan(Action.NEW_CA, "the CA expires at " + ca.get().getNotAfter().toInstant());
        }
        Optional<X509Certificate> leaf = certificate(tlsSecret, SecurityPods.TLS_CERT);
        if (leaf.isEmpty() || SecretValues.read(tlsSecret, SecurityPods.TLS_KEY).isEmpty()) {
            return new CertificatePlan(Action.ISSUE_LEAF, "no readable serving certificate and key");
        }
        Optional<X509Certificate> trusted = certificate(tlsSecret, SecurityPods.CA_CERT);
        if (trusted.isEmpty() || !trusted.get().equals(ca.get()) || !Certificates.signedBy(leaf.get(), ca.get())) {
            return new CertificatePlan(Action.ISSUE_LEAF, "the serving certificate is not from the current CA");
        }
        if (!new TreeSet<>(Certificates.dnsNames(leaf.get())).equals(new TreeSet<>(dnsNames))) {
            return new CertificatePlan(Action.ISSUE_LEAF, "the cluster's host names changed");
        }
        if (expiresSoon(leaf.get(), now)) {
            return new CertificatePlan(Action.ISSUE_LEAF, "the serving certificate expires at "
                    + leaf.get().getNotAfter().toInstant());
        }
        return new CertificatePlan(Action.KEEP, "valid until " + leaf.get().getNotAfter().toInstant());
    }

    public static boolean expiresSoon(X509Certificate certificate, Instant now) {
        return certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
    }

    /** The first certificate under {@code key}, or empty when the key is missing or not a PEM certificate. */
    public static Optional<X509Certificate> certificate(Secret secret, String key) {
        return SecretValues.read(secret, key).flatMap(pem -> {
            try {
                return Optional.of(Certificates.parseCertificate(pem));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static boolean readableKey(Secret caSecret) {
        try {
            Certificates.parsePrivateKey(SecretValues.read(caSecret, CA_KEY).orElseThrow());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
