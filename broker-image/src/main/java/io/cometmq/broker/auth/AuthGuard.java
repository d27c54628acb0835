package io.cometmq.broker.auth;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestGuard;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Authentication then authorization of every request, as Apache's broker pipelines do, with Apache's remarks
 * (response code NO_PERMISSION). Authentication: the {@code AccessKey} must name a known, enabled user and the
 * {@code Signature} must be the HMAC of the request keyed with its password (compared in constant time).
 * Authorization: super users may do everything; anyone else needs, for each {@link Permission} the request needs
 * ({@link RequestPermissions}), an allowing entry in its ACL ({@link AclEvaluator}). Users and ACLs are read from
 * the in-memory stores, so a change applies to the next request.
 */
public final class AuthGuard implements RequestGuard {

    /** Apache's {@code MQVersion.Version.V4_9_3.ordinal()}. */
    private static final int V4_9_3 = 399;
    private static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

    private final AuthConfig config;
    private final UserStore users;
    private final AclStore acls;
    private final RequestPermissions permissions;
    private final DenialLog denials;

    public AuthGuard(AuthConfig config, UserStore users, AclStore acls, String clusterName, LongSupplier millis) {
        this.config = config;
        this.users = users;
        this.acls = acls;
        this.permissions = new RequestPermissions(clusterName);
        this.denials = new DenialLog(millis);
    }

    @Override
    public RemotingCommand check(RequestContext context, RemotingCommand request) {
        int code = request.code();
        String username = request.field(RequestSignature.ACCESS_KEY);
        if (config.authenticationEnabled() && !config.authenticationWhitelist().contains(code)) {
            String problem = authenticate(request, username);
            if (problem != null) {
                denials.denied("authn|" + username + "|" + problem, "refused request code " + code + " from "
                        + sourceIp(context) + ": " + problem);
                return refuse(request, problem);
            }
        }
        if (!config.authorizationEnabled() || config.authorizationWhitelist().contains(code)) {
            return null;
        }
        return authorize(context, request, username);
    }

    /** Null when the request is signed by an enabled user, else Apache's remark. */
    private String authenticate(RemotingCommand request, String username) {
        if (username == null || username.isEmpty()) {
            return "username cannot be null.";
        }
        User user = users.get(username);
        if (user == null) {
            return "User:" + username + " is not found.";
        }
        if (!user.enabled()) {
            return "User:" + username + " is disabled.";
        }
        if (!signatureValid(request, user.password())) {
            return "check signature failed.";
        }
        return null;
    }

    /** As Apache's authentication: clients up to 4.9.3 leave {@code _UNIQUE_KEY_QUERY} out of what they sign. */
    private static boolean signatureValid(RemotingCommand request, String password) {
        if (request.version() > V4_9_3 || request.field(UNIQUE_KEY_QUERY) == null) {
            return RequestSignature.verify(request, password);
        }
        String given = request.field(RequestSignature.SIGNATURE);
        if (given == null) {
            return false;
        }
        Map<String, String> signed = new HashMap<>(request.extFields());
        signed.remove(UNIQUE_KEY_QUERY);
        String expected = RequestSignature.compute(signed, request.body(), password);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand authorize(RequestContext context, RemotingCommand request, String username) {
        User user = username == null || username.isEmpty() ? null : users.get(username);
        if (user != null && user.isSuper()) {
            return null; // before working out what the request needs: most internal traffic is a super user's
        }
        List<Permission> needed;
        try {
            needed = permissions.of(request);
        } catch (RuntimeException e) {
            return refuse(request, "parse authorization context error.");
        }
        if (needed.isEmpty()) {
            return null;
        }
        if (username == null || username.isEmpty()) {
            // only reachable when the code is on the authentication whitelist but not the authorization one
            return refuse(request, "Authorization failed. Please verify your access rights and try again.");
        }
        if (user == null) {
            return refuse(request, "User:" + username + " not found.");
        }
        Acl acl = acls.get(User.subjectOf(username));
        byte[] source = sourceAddress(context);
        for (Permission permission : needed) {
            AclEvaluator.Outcome outcome = AclEvaluator.evaluate(acl, permission, source);
            if (outcome != AclEvaluator.Outcome.ALLOWED) {
                String sourceIp = sourceIp(context);
                String detail = outcome == AclEvaluator.Outcome.DENIED ? "the decision is deny."
                        : "no matched policies.";
                String remark = "User:" + username + " has no permission to access " + permission.resource().key()
                        + " from " + sourceIp + ", " + detail;
                String actions = String.join(",", permission.actions().stream().map(Action::displayName).toList());
                denials.denied("authz|" + username + "|" + permission.resource().key() + "|" + actions,
                        "denied User:" + username + " " + actions + " on " + permission.resource().key() + " from "
                                + sourceIp + " (request code " + request.code() + "): " + detail);
                return refuse(request, remark);
            }
        }
        return null;
    }

    private static RemotingCommand refuse(RemotingCommand request, String remark) {
        return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, remark);
    }

    private static byte[] sourceAddress(RequestContext context) {
        return context.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getAddress() : null;
    }

    private static String sourceIp(RequestContext context) {
        return context.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(context.remoteAddress());
    }
}
