package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One ACL 2.0 policy entry: a resource, the actions on it, from where, allowed or denied. */
public class AclEntrySpec {
    public static final String RESOURCE_PATTERN = "^(\\*|(Cluster|Namespace|Topic|Group):[^\\s]+)$";
    /** An IPv4 address, an IPv6 address (loosely: hex groups and colons) or either with a /prefix length. */
    public static final String SOURCE_IP_PATTERN = "^(((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/(3[0-2]|[12]?[0-9]))?"
            + "|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$";

    @JsonPropertyDescription("Cluster:<name>, Namespace:<name>, Topic:<name> or Group:<name>; the name may be * (any) or end in * (prefix). * alone: every resource.")
    @Required
    @Size(min = 1, max = 256)
    @Pattern(RESOURCE_PATTERN)
    private String resource;

    @JsonPropertyDescription("All, Pub, Sub, Create, Update, Delete, Get, List.")
    @Required
    @Size(min = 1, max = 8)
    private List<Action> actions = new ArrayList<>();

    @JsonPropertyDescription("Client addresses the entry applies to: IPv4 or IPv6 addresses or CIDR ranges. Empty: any.")
    @Size(max = 16)
    private List<@Size(max = 64) @Pattern(SOURCE_IP_PATTERN) String> sourceIps = new ArrayList<>();

    @JsonPropertyDescription("Allow or Deny; a matching Deny wins over an Allow. Default Allow.")
    @Default("Allow")
    private Decision decision = Decision.Allow;

    public AclEntrySpec() {
    }

    public AclEntrySpec(String resource, List<Action> actions, List<String> sourceIps, Decision decision) {
        this.resource = resource;
        this.actions = actions;
        this.sourceIps = sourceIps;
        this.decision = decision;
    }

    public String getResource() { return resource; }
    public void setResource(String resource) { this.resource = resource; }
    public List<Action> getActions() { return actions; }
    public void setActions(List<Action> actions) { this.actions = actions; }
    public List<String> getSourceIps() { return sourceIps; }
    public void setSourceIps(List<String> sourceIps) { this.sourceIps = sourceIps; }
    public Decision getDecision() { return decision; }
    public void setDecision(Decision decision) { this.decision = decision; }

    /** Apache's ACL 2.0 actions, spelled as its admin API spells them. */
    public enum Action { All, Pub, Sub, Create, Update, Delete, Get, List }

    /** Apache's decisions. */
    public enum Decision { Allow, Deny }
}
