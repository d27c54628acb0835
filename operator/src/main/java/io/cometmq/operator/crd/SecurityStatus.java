package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What spec.security turned on, as the operator applied it. Never holds a credential. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityStatus {

    @JsonPropertyDescription("Whether brokers and NameServers require signed requests.")
    private Boolean authentication;

    @JsonPropertyDescription("Whether brokers check ACLs of normal users.")
    private Boolean authorization;

    @JsonPropertyDescription("TLS mode of the remoting ports: disabled, permissive or enforcing.")
    private String tls;

    @JsonPropertyDescription("When the serving certificate expires (RFC 3339); the operator renews its own 30 days before.")
    private String certificateNotAfter;

    @JsonPropertyDescription("Whether the cluster's NetworkPolicy is in place.")
    private Boolean networkPolicy;

    public Boolean getAuthentication() { return authentication; }
    public void setAuthentication(Boolean authentication) { this.authentication = authentication; }
    public Boolean getAuthorization() { return authorization; }
    public void setAuthorization(Boolean authorization) { this.authorization = authorization; }
    public String getTls() { return tls; }
    public void setTls(String tls) { this.tls = tls; }
    public String getCertificateNotAfter() { return certificateNotAfter; }
    public void setCertificateNotAfter(String certificateNotAfter) { this.certificateNotAfter = certificateNotAfter; }
    public Boolean getNetworkPolicy() { return networkPolicy; }
    public void setNetworkPolicy(Boolean networkPolicy) { this.networkPolicy = networkPolicy; }
}
