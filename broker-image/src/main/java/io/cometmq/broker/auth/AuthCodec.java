package io.cometmq.broker.auth;

import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyEntryInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyInfo;
import io.cometmq.protocol.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Between the wire bodies ({@link UserInfo}, {@link AclInfo}: also the form of users.json / acls.json) and the
 * model. Reading an ACL validates it as Apache's {@code AuthorizationMetadataManagerImpl.validate} does, with its
 * messages, so a stored ACL is always well-formed.
 */
public final class AuthCodec {

    private static final String USER_PREFIX = "User:";

    private AuthCodec() {
    }

    public static User user(UserInfo info) {
        return new User(info.username(), info.password(), User.Type.byName(info.userType()),
                User.Status.byName(info.userStatus()));
    }

    public static UserInfo info(User user) {
        return new UserInfo(user.username(), user.password(),
                user.type() == null ? null : user.type().displayName(),
                user.status() == null ? null : user.status().displayName());
    }

    /** The user name of a subject key {@code User:<name>}, or null for any other form (Apache knows only users). */
    public static String username(String subject) {
        if (subject == null) {
            return null;
        }
        int colon = subject.indexOf(':');
        String type = colon < 0 ? subject : subject.substring(0, colon);
        if (!"User".equalsIgnoreCase(type)) {
            return null;
        }
        return colon < 0 ? "" : subject.substring(colon + 1);
    }

    /**
     * The ACL of a body, validated; {@code defaultSubject} applies when the body names none. Policies without
     * entries are dropped (as Apache's converter does), a missing policy type means Custom.
     *
     * @throws AuthException with Apache's message when something is missing or invalid
     */
    public static Acl acl(AclInfo info, String defaultSubject) {
        String subject = info.subject() != null && username(info.subject()) != null ? info.subject() : defaultSubject;
        String username = username(subject);
        if (username == null) {
            throw new AuthException("The subject type is null.");
        }
        List<Policy> policies = new ArrayList<>();
        for (PolicyInfo policy : info.policies() == null ? List.<PolicyInfo>of() : info.policies()) {
            if (policy == null || policy.entries() == null || policy.entries().isEmpty()) {
                continue;
            }
            Policy.Type type = Policy.Type.byName(policy.policyType());
            List<PolicyEntry> entries = new ArrayList<>();
            for (PolicyEntryInfo entry : policy.entries()) {
                entries.add(entry(entry));
            }
            policies.add(new Policy(type == null ? Policy.Type.CUSTOM : type, entries));
        }
        if (policies.isEmpty()) {
            throw new AuthException("The policies is empty.");
        }
        return new Acl(USER_PREFIX + username, policies);
    }

    private static PolicyEntry entry(PolicyEntryInfo info) {
        Resource resource = Resource.parse(info.resource());
        if (resource == null) {
            throw new AuthException("The resource is null.");
        }
        List<Action> actions = new ArrayList<>();
        for (String name : info.actions() == null ? List.<String>of() : info.actions()) {
            Action action = Action.byName(name);
            if (action != null) {
                actions.add(action);
            }
        }
        if (actions.isEmpty()) {
            throw new AuthException("The actions is empty.");
        }
        if (actions.contains(Action.ANY)) {
            throw new AuthException("The actions can not be Any.");
        }
        List<SourceIp> sourceIps = new ArrayList<>();
        for (String text : info.sourceIps() == null ? List.<String>of() : info.sourceIps()) {
            if (text == null || text.isBlank()) {
                throw new AuthException("The source ip is empty.");
            }
            SourceIp sourceIp = SourceIp.parse(text);
            if (sourceIp == null) {
                throw new AuthException("The source ip is invalid.");
            }
            sourceIps.add(sourceIp);
        }
        PolicyEntry.Decision decision = PolicyEntry.Decision.byName(info.decision());
        if (decision == null) {
            throw new AuthException("The decision is null or illegal.");
        }
        return new PolicyEntry(resource, actions, sourceIps, decision);
    }

    public static AclInfo info(Acl acl) {
        return new AclInfo(acl.subject(), acl.policies().stream()
                .map(policy -> new PolicyInfo(policy.type().displayName(), policy.entries().stream()
                        .map(AuthCodec::info).toList()))
                .toList());
    }

    private static PolicyEntryInfo info(PolicyEntry entry) {
        return new PolicyEntryInfo(entry.resource().key(),
                entry.actions().stream().map(Action::displayName).toList(),
                entry.sourceIps().isEmpty() ? null : entry.sourceIps().stream().map(SourceIp::text).toList(),
                entry.decision().displayName());
    }
}
