package io.cometmq.operator.remoting;

import io.cometmq.operator.user.UserAdmin;
import io.cometmq.operator.user.UserAdminException;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AuthHeaders;
import io.cometmq.protocol.auth.UserInfo;
import io.cometmq.protocol.body.Json;
import io.cometmq.protocol.netty.RemotingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ACL 2.0 user and ACL administration (request codes 3001-3010) as Apache's {@code DefaultMQAdminExt} sends it: the
 * name in the header ({@code username} or {@code subject}), the {@code UserInfo}/{@code AclInfo} JSON as the body,
 * signed like {@code AclClientRPCHook} with the
 * cluster's inner credentials and over TLS as {@link ClusterAccess} says. A refusal carries the broker's remark.
 */
public final class AclAdminClient implements UserAdmin {
    private final RemotingAdmin admin;

    public AclAdminClient(RemotingAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Optional<UserInfo> getUser(String broker, ClusterAccess access, String username) throws UserAdminException {
        RemotingCommand response = send(broker, access, "AUTH_GET_USER", RequestCode.AUTH_GET_USER,
                Map.of(AuthHeaders.USERNAME, username), null);
        return Optional.ofNullable(decode(broker, "AUTH_GET_USER", response, UserInfo.class));
    }

    @Override
    public void createUser(String broker, ClusterAccess access, UserInfo user) throws UserAdminException {
        send(broker, access, "AUTH_CREATE_USER", RequestCode.AUTH_CREATE_USER, Map.of(AuthHeaders.USERNAME, user.username()),
                Json.encode(user));
    }

    @Override
    public void updateUser(String broker, ClusterAccess access, UserInfo user) throws UserAdminException {
        send(broker, access, "AUTH_UPDATE_USER", RequestCode.AUTH_UPDATE_USER, Map.of(AuthHeaders.USERNAME, user.username()),
                Json.encode(user));
    }

    @Override
    public void deleteUser(String broker, ClusterAccess access, String username) throws UserAdminException {
        send(broker, access, "AUTH_DELETE_USER", RequestCode.AUTH_DELETE_USER, Map.of(AuthHeaders.USERNAME, username), null);
    }

    @Override
    public Optional<AclInfo> getAcl(String broker, ClusterAccess access, String subject) throws UserAdminException {
        RemotingCommand response = send(broker, access, "AUTH_GET_ACL", RequestCode.AUTH_GET_ACL,
                Map.of(AuthHeaders.SUBJECT, subject), null);
        return Optional.ofNullable(decode(broker, "AUTH_GET_ACL", response, AclInfo.class));
    }

    @Override
    public void createAcl(String broker, ClusterAccess access, AclInfo acl) throws UserAdminException {
        send(broker, access, "AUTH_CREATE_ACL", RequestCode.AUTH_CREATE_ACL, Map.of(AuthHeaders.SUBJECT, acl.subject()),
                Json.encode(acl));
    }

    @Override
    public void updateAcl(String broker, ClusterAccess access, AclInfo acl) throws UserAdminException {
        send(broker, access, "AUTH_UPDATE_ACL", RequestCode.AUTH_UPDATE_ACL, Map.of(AuthHeaders.SUBJECT, acl.subject()),
                Json.encode(acl));
    }

    @Override
    public void deleteAcl(String broker, ClusterAccess access, String subject, String resource)
            throws UserAdminException {
        Map<String, String> header = new LinkedHashMap<>();
        header.put(AuthHeaders.SUBJECT, subject);
        if (resource != null) {
            header.put(AuthHeaders.RESOURCE, resource);
        }
        send(broker, access, "AUTH_DELETE_ACL", RequestCode.AUTH_DELETE_ACL, header, null);
    }

    /** Signs and sends; anything but SUCCESS is thrown with the broker's remark. */
    private RemotingCommand send(String broker, ClusterAccess access, String name, int code,
            Map<String, String> header, byte[] body) throws UserAdminException {
        RemotingCommand request = RemotingCommand.request(code, header);
        if (body != null) {
            request.body(body);
        }
        RemotingCommand response;
        try {
            response = admin.call(broker, request, access);
        } catch (RemotingException e) {
            throw new UserAdminException(broker, name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserAdminException(broker, name, "interrupted");
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new UserAdminException(broker, name, response.code(), response.remark());
        }
        return response;
    }

    /** No body (Apache's answer for "none") is null; an unreadable one is an error naming the request. */
    private static <T> T decode(String broker, String name, RemotingCommand response, Class<T> type)
            throws UserAdminException {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return Json.decode(body, type);
        } catch (RuntimeException e) {
            throw new UserAdminException(broker, name, ResponseCode.SUCCESS, "unreadable answer body ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
