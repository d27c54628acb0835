package io.cometmq.operator.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.operator.security.Certificates;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.config.BrokerConfigKeys;
import io.cometmq.protocol.tls.ServerSslContext;
import io.cometmq.protocol.tls.ServerTls;
import io.cometmq.protocol.tls.TlsConfig;
import io.cometmq.protocol.tls.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        ClusterAccess rotated = new ClusterAccess(Optional.of(NEW), Optional.empty(), Optional.of(OLD), false);
        assertThat(runtimeInfo(rotated).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(admin.callAsync(broker.address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                rotated).get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(runtimeInfo(ClusterAccess.signedBy(Optional.of(NEW))).code()).isEqualTo(ResponseCode.NO_PERMISSION);
    }

    @Test
    void enforcingIsTlsOnlyAndPermissiveFallsBackToTlsWhenAPodRefusesPlain(@TempDir Path dir) throws Exception {
        Instant now = Instant.now();
        Certificates.Issued ca = Certificates.authority("test CA", now, Duration.ofDays(1));
        Certificates.Issued leaf = Certificates.leaf(ca.certificate(), Certificates.parsePrivateKey(ca.privateKeyPem()),
                "broker", List.of("localhost"), now, Duration.ofDays(1));
        Files.writeString(dir.resolve("tls.crt"), leaf.certificatePem());
        Files.writeString(dir.resolve("tls.key"), leaf.privateKeyPem());
        Map<String, String> keys = Map.of(BrokerConfigKeys.TLS_SERVER_MODE.name(), "enforcing",
                BrokerConfigKeys.TLS_SERVER_CERT_PATH.name(), dir.resolve("tls.crt").toString(),
                BrokerConfigKeys.TLS_SERVER_KEY_PATH.name(), dir.resolve("tls.key").toString());
        TlsConfig config = TlsConfig.read(key -> keys.getOrDefault(key.name(), key.defaultValue()));
        broker = new FakeBroker(new ServerTls(TlsMode.ENFORCING, ServerSslContext.open(config)))
                .answer(RequestCode.GET_BROKER_RUNTIME_INFO, null, null, ResponseCode.SUCCESS, "{}");
        Optional<String> caPem = Optional.of(ca.certificatePem());

        assertThat(runtimeInfo(new ClusterAccess(Optional.empty(), caPem)).code()).isEqualTo(ResponseCode.SUCCESS);
        ClusterAccess permissive = new ClusterAccess(Optional.empty(), caPem, Optional.empty(), true);
        assertThat(runtimeInfo(permissive).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(admin.callAsync(broker.address, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO, null),
                permissive).get(10, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThatThrownBy(() -> runtimeInfo(ClusterAccess.PLAIN)).isInstanceOf(Exception.class);
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
