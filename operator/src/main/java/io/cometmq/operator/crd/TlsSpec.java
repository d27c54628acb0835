package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** TLS of a cluster's remoting and replication ports (tls.server.mode and friends on every pod). */
public class TlsSpec {

    @JsonPropertyDescription("permissive: TLS and plain clients on the same port; enforcing: TLS only. Default enforcing.")
    private TlsModeSpec mode = TlsModeSpec.enforcing;

    @JsonPropertyDescription("Secret of type kubernetes.io/tls with tls.crt, tls.key and ca.crt (e.g. made by cert-manager) whose certificate names every pod and Service of the cluster. Absent: the operator creates a CA (<cluster>-ca) and a certificate (<cluster>-tls) and renews it before it expires.")
    @Size(max = 253)
    @Pattern(SecuritySpec.SECRET_NAME)
    private String certificateSecret;

    public TlsModeSpec getMode() { return mode; }
    public void setMode(TlsModeSpec mode) { this.mode = mode; }
    public String getCertificateSecret() { return certificateSecret; }
    public void setCertificateSecret(String certificateSecret) { this.certificateSecret = certificateSecret; }

    /** Apache's spellings of tls.server.mode (lower case on purpose: they are the broker's config values). */
    public enum TlsModeSpec { permissive, enforcing }
}
