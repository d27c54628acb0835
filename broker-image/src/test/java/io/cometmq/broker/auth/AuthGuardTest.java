package io.cometmq.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.netty.RequestContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthGuardTest {

    @TempDir
    Path dir;

    private AuthGuard guard(Set<Integer> authenticationWhitelist) {
        UserStore users = new UserStore(dir);
        users.put(new User("app", "app-pass", User.Type.NORMAL, User.Status.ENABLE));
        users.put(new User("off", "off-pass", User.Type.NORMAL, User.Status.DISABLE));
        return new AuthGuard(new AuthConfig(true, true, Optional.empty(), Optional.empty(), authenticationWhitelist,
                Set.of()), users, new AclStore(dir), "TestCluster", System::currentTimeMillis);
    }

    private static RemotingCommand check(AuthGuard guard, RemotingCommand request) {
        return guard.check(new RequestContext(new EmbeddedChannel()), request);
    }

    @Test
    void clientsUpTo493LeaveTheUniqueKeyFlagOutOfTheSignature() {
        Map<String, String> fields = new HashMap<>(Map.of("topic", "t", "key", "k", "maxNum", "32",
                "beginTimestamp", "0", "endTimestamp", "1"));
        RemotingCommand old = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, fields).version(399);
        RequestSignature.sign(old, new SessionCredentials("app", "app-pass"));
        old.putField("_UNIQUE_KEY_QUERY", "true"); // added after signing, as 4.9.3 clients effectively do
        assertThat(check(guard(Set.of()), old)).isNull();

        RemotingCommand current = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, fields).version(479);
        RequestSignature.sign(current, new SessionCredentials("app", "app-pass"));
        current.putField("_UNIQUE_KEY_QUERY", "true");
        assertThat(check(guard(Set.of()), current).remark()).isEqualTo("check signature failed.");
    }

    @Test
    void refusalsCarryApachesRemarks() {
        AuthGuard guard = guard(Set.of());
        RemotingCommand disabled = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO);
        RequestSignature.sign(disabled, new SessionCredentials("off", "off-pass"));
        assertThat(check(guard, disabled).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(check(guard, disabled).remark()).isEqualTo("User:off is disabled.");

        RemotingCommand send = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("a", "pg", "b", "t"));
        RequestSignature.sign(send, new SessionCredentials("app", "app-pass"));
        assertThat(check(guard, send).remark()).startsWith("User:app has no permission to access Topic:t from ")
                .endsWith(", no matched policies.");
    }

    @Test
    void whitelistedCodesSkipAuthenticationButNotAuthorization() {
        AuthGuard guard = guard(Set.of(RequestCode.GET_BROKER_RUNTIME_INFO, RequestCode.SEND_MESSAGE_V2));
        assertThat(check(guard, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO))).isNull();
        assertThat(check(guard, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, Map.of("b", "t"))).remark())
                .isEqualTo("Authorization failed. Please verify your access rights and try again.");
        assertThat(check(guard, RemotingCommand.request(RequestCode.GET_MAX_OFFSET, Map.of("topic", "t"))).remark())
                .isEqualTo("username cannot be null.");
    }
}
