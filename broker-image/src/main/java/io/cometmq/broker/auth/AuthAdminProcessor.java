package io.cometmq.broker.auth;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AuthHeaders;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.UserInfo;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The ACL 2.0 administration requests 3001-3010, answered as Apache's {@code AdminBrokerProcessor} answers them:
 * the same bodies, codes and remarks (Apache's own refusals are NO_PERMISSION with the exception's message; a few
 * checks answer INVALID_PARAMETER or SYSTEM_ERROR, as there). Only a super user may create, change or delete a
 * super user. A slave refuses changes: its users and ACLs are copied from the master and would be overwritten.
 */
public final class AuthAdminProcessor implements RequestProcessor.SyncRequestProcessor {

    private final AuthMetadata metadata;
    private final BooleanSupplier isSlave;
    private final Supplier<String> brokerAddr;

    public AuthAdminProcessor(AuthMetadata metadata, BooleanSupplier isSlave, Supplier<String> brokerAddr) {
        this.metadata = metadata;
        this.isSlave = isSlave;
        this.brokerAddr = brokerAddr;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        int code = request.code();
        if (changes(code) && isSlave.getAsBoolean()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "broker " + brokerAddr.get()
                    + " is a slave; change users and ACLs on the master (the slave copies them from there)");
        }
        try {
            return switch (code) {
                case RequestCode.AUTH_CREATE_USER -> createUser(request);
                case RequestCode.AUTH_UPDATE_USER -> updateUser(request);
                case RequestCode.AUTH_DELETE_USER -> deleteUser(request);
                case RequestCode.AUTH_GET_USER -> getUser(request);
                case RequestCode.AUTH_LIST_USER -> listUsers(request);
                case RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL -> putAcl(request);
                case RequestCode.AUTH_DELETE_ACL -> deleteAcl(request);
                case RequestCode.AUTH_GET_ACL -> getAcl(request);
                case RequestCode.AUTH_LIST_ACL -> listAcls(request);
                default -> throw new IllegalStateException("not an ACL administration code: " + code);
            };
        } catch (AuthException e) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, e.getMessage());
        }
    }

    private static boolean changes(int code) {
        return switch (code) {
            case RequestCode.AUTH_CREATE_USER, RequestCode.AUTH_UPDATE_USER, RequestCode.AUTH_DELETE_USER,
                    RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL, RequestCode.AUTH_DELETE_ACL -> true;
            default -> false;
        };
    }

    private RemotingCommand createUser(RemotingCommand request) {
        String username = request.field(AuthHeaders.USERNAME);
        if (username == null || username.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "The username is blank");
        }
        User user = userOf(request, username);
        if (user.isSuper() && !superUserLogin(request)) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "The super user can only be create by super user");
        }
        metadata.createUser(user);
        return success(request);
    }

    private RemotingCommand updateUser(RemotingCommand request) {
        String username = request.field(AuthHeaders.USERNAME);
        if (username == null || username.isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "The username is blank");
        }
        User user = userOf(request, username);
        if (user.isSuper() && !superUserLogin(request)) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                    "The super user can only be update by super user");
        }
        User old = metadata.getUser(username);
        if (old == null) {
            throw new AuthException("The user is not exist");
        }
        if (old.isSuper() && !superUserLogin(request)) {
            throw new AuthException("The super user can only be update by super user");
        }
        metadata.updateUser(user);
        return success(request);
    }

    private RemotingCommand deleteUser(RemotingCommand request) {
        String username = request.field(AuthHeaders.USERNAME);
        User old = metadata.getUser(username);
        if (old == null) {
            return success(request);
        }
        if (old.isSuper() && !superUserLogin(request)) {
            throw new AuthException("The super user can only be update by super user");
        }
        metadata.deleteUser(username);
        return success(request);
    }

    private RemotingCommand getUser(RemotingCommand request) {
        String username = request.field(AuthHeaders.USERNAME);
        if (username == null || username.isBlank()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "The username is blank");
        }
        User user = metadata.getUser(username);
        RemotingCommand response = success(request);
        return user == null ? response : response.body(Json.encode(AuthCodec.info(user)));
    }

    private RemotingCommand listUsers(RemotingCommand request) {
        List<User> users = metadata.listUsers(request.field(AuthHeaders.FILTER));
        RemotingCommand response = success(request);
        return users.isEmpty() ? response : response.body(Json.encode(users.stream().map(AuthCodec::info).toList()));
    }

    private RemotingCommand putAcl(RemotingCommand request) {
        AclInfo body = request.body() == null || request.body().length == 0 ? null
                : Json.decode(request.body(), AclInfo.class);
        if (body == null || body.policies() == null || body.policies().isEmpty()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, "The body of acl is null");
        }
        metadata.putAcl(AuthCodec.acl(body, request.field(AuthHeaders.SUBJECT)));
        return success(request);
    }

    private RemotingCommand deleteAcl(RemotingCommand request) {
        String subject = request.field(AuthHeaders.SUBJECT);
        metadata.deleteAcl(AuthCodec.username(subject) == null ? null : subject,
                Policy.Type.byName(request.field(AuthHeaders.POLICY_TYPE)),
                Resource.parse(request.field(AuthHeaders.RESOURCE)));
        return success(request);
    }

    private RemotingCommand getAcl(RemotingCommand request) {
        RemotingCommand response = success(request);
        return metadata.getAcl(request.field(AuthHeaders.SUBJECT))
                .map(acl -> response.body(Json.encode(AuthCodec.info(acl))))
                .orElse(response);
    }

    private RemotingCommand listAcls(RemotingCommand request) {
        List<Acl> acls = metadata.listAcls(request.field(AuthHeaders.SUBJECT_FILTER),
                request.field(AuthHeaders.RESOURCE_FILTER));
        RemotingCommand response = success(request);
        return acls.isEmpty() ? response : response.body(Json.encode(acls.stream().map(AuthCodec::info).toList()));
    }

    /** The body's user (Apache's UserInfo; a missing body gives only the name), named by the header. */
    private static User userOf(RemotingCommand request, String username) {
        UserInfo info = request.body() == null || request.body().length == 0 ? new UserInfo(null, null, null, null)
                : Json.decode(request.body(), UserInfo.class);
        return new User(username, info.password(), User.Type.byName(info.userType()),
                User.Status.byName(info.userStatus()));
    }

    /** As Apache: a request without AccessKey comes from a broker without authentication and counts as super. */
    private boolean superUserLogin(RemotingCommand request) {
        String accessKey = request.field(RequestSignature.ACCESS_KEY);
        return accessKey == null || accessKey.isEmpty() || metadata.isSuperUser(accessKey);
    }

    private static RemotingCommand success(RemotingCommand request) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
