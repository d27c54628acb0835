package io.cometmq.operator.user;

import io.cometmq.operator.remoting.ClusterAccess;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.UserInfo;
import java.util.Optional;

/**
 * The ACL 2.0 admin requests (3001-3010) the BrokerUser reconciler sends to one broker, each sent as
 * {@code access} says: signed with the cluster's inner credentials (a super user), over TLS when the cluster enforces it. The real implementation is
 * {@link io.cometmq.operator.remoting.AclAdminClient}; every failure is a {@link UserAdminException}.
 */
public interface UserAdmin {

    /** The user as the broker has it (password included), or empty when the broker does not know it. */
    Optional<UserInfo> getUser(String broker, ClusterAccess access, String username) throws UserAdminException;

    void createUser(String broker, ClusterAccess access, UserInfo user) throws UserAdminException;

    void updateUser(String broker, ClusterAccess access, UserInfo user) throws UserAdminException;

    /** Succeeds when the user does not exist (as Apache's broker answers). */
    void deleteUser(String broker, ClusterAccess access, String username) throws UserAdminException;

    /** The subject's ACL ({@code User:<name>}), or empty when it has none. */
    Optional<AclInfo> getAcl(String broker, ClusterAccess access, String subject) throws UserAdminException;

    /** Adds the policies' entries, replacing entries of the same resource (Apache merges on create and update alike). */
    void createAcl(String broker, ClusterAccess access, AclInfo acl) throws UserAdminException;

    void updateAcl(String broker, ClusterAccess access, AclInfo acl) throws UserAdminException;

    /** Deletes the Custom policy entry of one resource, or the subject's whole ACL when {@code resource} is null. */
    void deleteAcl(String broker, ClusterAccess access, String subject, String resource) throws UserAdminException;

    /** An operator build without a protocol client: every request fails. */
    UserAdmin UNAVAILABLE = new Unavailable();

    final class Unavailable implements UserAdmin {
        private static UserAdminException fail(String broker) {
            return new UserAdminException(broker, "admin", "no protocol client wired into this operator build");
        }

        @Override public Optional<UserInfo> getUser(String b, ClusterAccess s, String u) throws UserAdminException { throw fail(b); }
        @Override public void createUser(String b, ClusterAccess s, UserInfo u) throws UserAdminException { throw fail(b); }
        @Override public void updateUser(String b, ClusterAccess s, UserInfo u) throws UserAdminException { throw fail(b); }
        @Override public void deleteUser(String b, ClusterAccess s, String u) throws UserAdminException { throw fail(b); }
        @Override public Optional<AclInfo> getAcl(String b, ClusterAccess s, String u) throws UserAdminException { throw fail(b); }
        @Override public void createAcl(String b, ClusterAccess s, AclInfo a) throws UserAdminException { throw fail(b); }
        @Override public void updateAcl(String b, ClusterAccess s, AclInfo a) throws UserAdminException { throw fail(b); }
        @Override public void deleteAcl(String b, ClusterAccess s, String u, String r) throws UserAdminException { throw fail(b); }
    }
}
