package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Which cluster, which user, where its password is, and its ACL entries. */
public class BrokerUserSpec {
    /**
     * Apache's broker only refuses a blank username; this is narrower on purpose: the name travels as the
     * {@code AccessKey} header, inside the ACL subject {@code User:<name>} (split at the first ':') and in log lines.
     */
    public static final String USERNAME_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$";
    public static final int MAX_ACL_ENTRIES = 32;
    static final String UNIQUE_RESOURCES_RULE = "self.all(e, self.exists_one(f, f.resource == e.resource))";

    @JsonPropertyDescription("Name of the BrokerCluster, in the same namespace, this user belongs to. Immutable.")
    @Required
    @Size(min = 1, max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @ValidationRule(value = "self == oldSelf", message = "clusterRef is immutable")
    private String clusterRef;

    @JsonPropertyDescription("User name on the brokers (the client's AccessKey): letters, digits, '.', '_', '-', 1-64 characters, starting and ending with a letter or digit. Immutable.")
    @Required
    @Size(min = 1, max = 64)
    @Pattern(USERNAME_PATTERN)
    @ValidationRule(value = "self == oldSelf", message = "username is immutable")
    private String username;

    @JsonPropertyDescription("Secret key holding the password (the client's SecretKey). Absent: the operator creates <brokeruser>-password with a random password under key password.")
    private SecretKeyRefSpec passwordSecret;

    @JsonPropertyDescription("Normal: limited to the ACL entries. Super: may do everything (the ACL is ignored by the brokers). Default Normal.")
    @Default("Normal")
    private UserType userType = UserType.Normal;

    @JsonPropertyDescription("ACL entries, at most one per resource. Empty: the user has no ACL and, as a Normal user, may do nothing.")
    @Size(max = MAX_ACL_ENTRIES)
    @ValidationRule(value = UNIQUE_RESOURCES_RULE, message = "acl may list each resource only once")
    private List<AclEntrySpec> acl = new ArrayList<>();

    public String getClusterRef() { return clusterRef; }
    public void setClusterRef(String clusterRef) { this.clusterRef = clusterRef; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public SecretKeyRefSpec getPasswordSecret() { return passwordSecret; }
    public void setPasswordSecret(SecretKeyRefSpec passwordSecret) { this.passwordSecret = passwordSecret; }
    public UserType getUserType() { return userType; }
    public void setUserType(UserType userType) { this.userType = userType; }
    public List<AclEntrySpec> getAcl() { return acl; }
    public void setAcl(List<AclEntrySpec> acl) { this.acl = acl; }

    /** Apache's user types, spelled as its admin API spells them. */
    public enum UserType { Normal, Super }
}
