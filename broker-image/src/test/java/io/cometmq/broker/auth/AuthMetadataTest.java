package io.cometmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.auth.SessionCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthMetadataTest {

    @TempDir
    Path dir;

    private AuthMetadata open(String rootPassword, String innerSecret) {
        AuthMetadata metadata = new AuthMetadata(new UserStore(dir), new AclStore(dir));
        metadata.initUsers(new AuthConfig(true, true, Optional.of(new SessionCredentials("root", rootPassword)),
                Optional.of(new SessionCredentials("inner", innerSecret)), Set.of(), Set.of()));
        return metadata;
    }

    @Test
    void aRotatedInnerSecretIsTakenAtStartWhileTheInitialUserKeepsItsStoredPassword() {
        AuthMetadata first = open("root-1", "inner-1");
        first.updateUser(new User("root", "root-changed-by-admin", null, null));

        AuthMetadata second = open("root-2", "inner-2");
        assertThat(second.getUser("inner").password()).isEqualTo("inner-2");
        assertThat(second.getUser("inner").isSuper()).isTrue();
        assertThat(second.getUser("root").password()).isEqualTo("root-changed-by-admin");
    }

    @Test
    void aSlaveTakesTheMastersUsersButKeepsItsOwnInnerUser() {
        AuthMetadata slave = open("root-1", "inner-new");
        slave.createUser(new User("local-only", "x", null, null));
        slave.replaceAll(List.of(new User("app", "p", User.Type.NORMAL, User.Status.ENABLE),
                new User("inner", "inner-old", User.Type.SUPER, User.Status.ENABLE)), List.of());

        assertThat(slave.listUsers(null)).extracting(User::username).containsExactly("app", "inner", "root");
        assertThat(slave.getUser("inner").password()).isEqualTo("inner-new");
    }

    @Test
    void aclsNeedAnExistingUserAndMergePerResource() {
        AuthMetadata metadata = open("r", "i");
        Acl acl = AuthCodec.acl(new io.cometmq.protocol.auth.AclInfo("User:app", List.of(
                new io.cometmq.protocol.auth.AclInfo.PolicyInfo(null, List.of(
                        new io.cometmq.protocol.auth.AclInfo.PolicyEntryInfo("Topic:t", List.of("Pub"), null,
                                "Allow"))))), null);
        assertThatThrownBy(() -> metadata.putAcl(acl)).isInstanceOf(AuthException.class)
                .hasMessage("The subject of User:app is not exist.");
        metadata.createUser(new User("app", "p", null, null));
        metadata.putAcl(acl);
        metadata.putAcl(acl);
        assertThat(metadata.getAcl("User:app").orElseThrow().policies().get(0).entries()).hasSize(1);
        assertThat(metadata.getUser("app").type()).isEqualTo(User.Type.NORMAL);
    }
}
