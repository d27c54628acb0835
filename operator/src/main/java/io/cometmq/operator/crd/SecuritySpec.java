package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Authentication (RocketMQ ACL 2.0), authorization, TLS and network isolation of a cluster (docs/OPERATOR.md,
 * "Security"). Absent: none of them, as before. Credentials live only in Secrets, never in this resource.
 */
public class SecuritySpec {
    static final String SECRET_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    @JsonPropertyDescription("Require every request (except route queries) to be signed by a known user (authenticationEnabled on brokers and NameServers). Default false.")
    private Boolean authentication;

    @JsonPropertyDescription("Limit normal users to their ACLs (authorizationEnabled). Default: the value of authentication.")
    private Boolean authorization;

    @JsonPropertyDescription("Secret with keys username and password: the cluster's super user. Absent: the operator creates <cluster>-superuser with a random password.")
    @Size(max = 253)
    @Pattern(SECRET_NAME)
    private String superUserSecret;

    @JsonPropertyDescription("Secret with keys accessKey and secretKey: the credentials brokers, NameServers and the operator sign internal requests with. Absent: the operator creates <cluster>-inner-credentials.")
    @Size(max = 253)
    @Pattern(SECRET_NAME)
    private String innerCredentialsSecret;

    @JsonPropertyDescription("TLS on the remoting and replication ports. Absent: plain TCP.")
    private TlsSpec tls;

    @JsonPropertyDescription("Create a NetworkPolicy admitting only the traffic the cluster needs. Default false.")
    private Boolean networkPolicy;

    public Boolean getAuthentication() { return authentication; }
    public void setAuthentication(Boolean authentication) { this.authentication = authentication; }
    public Boolean getAuthorization() { return authorization; }
    public void setAuthorization(Boolean authorization) { this.authorization = authorization; }
    public String getSuperUserSecret() { return superUserSecret; }
    public void setSuperUserSecret(String superUserSecret) { this.superUserSecret = superUserSecret; }
    public String getInnerCredentialsSecret() { return innerCredentialsSecret; }
    public void setInnerCredentialsSecret(String innerCredentialsSecret) { this.innerCredentialsSecret = innerCredentialsSecret; }
    public TlsSpec getTls() { return tls; }
    public void setTls(TlsSpec tls) { this.tls = tls; }
    public Boolean getNetworkPolicy() { return networkPolicy; }
    public void setNetworkPolicy(Boolean networkPolicy) { this.networkPolicy = networkPolicy; }

    public boolean authenticationEnabled() {
        return Boolean.TRUE.equals(authentication);
    }

    public boolean authorizationEnabled() {
        return authorization == null ? authenticationEnabled() : authorization;
    }

    public boolean tlsEnabled() {
        return tls != null;
    }

    public boolean networkPolicyEnabled() {
        return Boolean.TRUE.equals(networkPolicy);
    }
}
