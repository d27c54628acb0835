package io.cometmq.broker.auth;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestGuard;
import java.net.InetSocketAddress;
import java.util.List;
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
        if (!RequestSignature.verify(request, user.password())) {
            return "check signature failed.";
        }
        return null;
    }

    private RemotingCommand authorize(RequestContext context, RemotingCommand request, String username) {
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
        User user = users.get(username);
        if (user == null) {
            return refuse(request, "User:" + username + " not found.");
        }
        if (user.isSuper()) {
            return null;
        }
        Acl acl = acls.get(User.subjectOf(username));
        byte[] source = sourceAddress(context);
        for (Permission permission : needed) {
            AclEvaluator.Outcome outcome = AclEvaluator.evaluate(acl, permission, source);
            if (outcome != AclEvaluator.Outcome.ALLOWED) {
                String sourceIp = sourceIp(context);
                String detail = outcome == AclEvaluator.Outcome.DENIED ? "the decision is deny." : "no matched policies.";
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
