package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.SessionCredentials;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RemotingAdmin signs as the cluster's access says, scoped or explicit, and falls back to the previous credentials. */
class RemotingAdminSigningIT {
    private static final SessionCredentials OLD = new SessionCredentials("cometmq-inner", "old-secret");
    private static final SessionCredentials NEW = new SessionCredentials("cometmq-inner", "new-secret");
    private final RemotingAdmin admin = new RemotingAdmin();
    private FakeBroker broker;

    @AfterEach
    void stop() {
        admin.close();
        if (broker != null) {
            broker.close();
        }
    }

    private RemotingCommand runtimeInfo(ClusterAccess access) throws Exception {
        return admin.call(broker.address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null), access);
    }

    @Test
    void scopedCallsAreSignedWithTheClustersCredentialsAndOthersAreNot() throws Exception {
        broker = new FakeBroker().answer(RequestCode.GET_BROKER_RUNTIME_INFO, null, null, ResponseCode.SUCCESS, "{}")
                .requireSignature(NEW.secretKey());
        ClusterAccess access = ClusterAccess.signedBy(Optional.of(NEW));
        assertThat(admin.with(access, () -> call(false)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(admin.with(access, () -> call(true)).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(call(false).code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(runtimeInfo(ClusterAccess.signedBy(Optional.of(OLD))).code()).isEqualTo(ResponseCode.NO_PERMISSION);
    }

    @Test
    void aPodStillOnThePreviousCredentialsIsAskedAgainWithThem() throws Exception {
        broker = new FakeBroker().answer(RequestCode.GET_BROKER_RUNTIME_INFO, null, null, ResponseCode.SUCCESS, "{}")
                .requireSignature(OLD.secretKey());
        ClusterAccess rotated = new ClusterAccess(Optional.of(NEW), Optional.empty(), Optional.of(OLD));
        assertThat(runtimeInfo(rotated).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(admin.callAsync(broker.address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                rotated).get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(runtimeInfo(ClusterAccess.signedBy(Optional.of(NEW))).code()).isEqualTo(ResponseCode.NO_PERMISSION);
    }

    private RemotingCommand call(boolean async) {
        try {
            return async ? admin.callAsync(broker.address, RequestCode.GET_BROKER_RUNTIME_INFO, null)
                    .get(5, TimeUnit.SECONDS) : admin.call(broker.address, RequestCode.GET_BROKER_RUNTIME_INFO, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
