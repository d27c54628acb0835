package io.cometmq.operator.model;

/**
 * What the pods of a secured cluster need from the Secrets the security step read or wrote: hashes (never the
 * data) that go into pod template annotations, and the Secret to mount as the TLS files. All null: no security,
 * and the pod templates stay exactly as they were before spec.security existed (no roll on upgrade).
 *
 * @param credentialsHash hash of {@code <c>-broker-security}'s data: a credential change rolls the pods
 * @param caHash hash of the trusted ca.crt: a new CA rolls the pods (a renewed leaf does not, brokers re-read it)
 * @param tlsSecret Secret with tls.crt, tls.key and ca.crt mounted at {@link SecurityPods#TLS_DIR}
 */
public record SecurityMaterial(String credentialsHash, String caHash, String tlsSecret) {
    public static final SecurityMaterial NONE = new SecurityMaterial(null, null, null);

    public SecurityMaterial withCredentialsHash(String hash) {
        return new SecurityMaterial(hash, caHash, tlsSecret);
    }

    public SecurityMaterial withTls(String hash, String secret) {
        return new SecurityMaterial(credentialsHash, hash, secret);
    }
}
