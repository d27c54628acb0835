package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClientSecurityTest {
    static final Map<String, String> CREDENTIALS = Map.of(ClientSecurity.ACCESS_KEY_ENV, "app",
            ClientSecurity.SECRET_KEY_ENV, "s3cret-value");

    @Test
    void withoutEnvironmentOrCertificateTheClientIsPlainAndUnsigned() {
        ClientSecurity security = ClientSecurity.from(Map.of("PATH", "/bin"), null);
        assertThat(security.rpcHook()).isNull();
        ClientConfig config = new ClientConfig();
        boolean tlsBefore = config.isUseTLS();
        security.applyTo(config);
        assertThat(config.isUseTLS()).isEqualTo(tlsBefore);
        assertThat(security).hasToString("user (none), plain TCP");
    }

    @Test
    void credentialsFromTheEnvironmentSignWithApachesHookAndNeverShowTheSecret() {
        ClientSecurity security = ClientSecurity.from(CREDENTIALS, null);
        AclClientRPCHook hook = (AclClientRPCHook) security.rpcHook();
        assertThat(hook.getSessionCredentials().getAccessKey()).isEqualTo("app");
        assertThat(hook.getSessionCredentials().getSecretKey()).isEqualTo("s3cret-value");
        assertThat(security.toString()).contains("app").doesNotContain("s3cret-value");
    }

    @Test
    void halfTheCredentialsOrAnEmptyOneIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ClientSecurity.from(Map.of(ClientSecurity.ACCESS_KEY_ENV, "app"), null))
                .hasMessage("environment variable COMETMQ_SECRET_KEY is not set, but COMETMQ_ACCESS_KEY is: "
                        + "give both or neither");
        assertThatThrownBy(() -> ClientSecurity.from(Map.of(ClientSecurity.SECRET_KEY_ENV, "x"), null))
                .hasMessageStartingWith("environment variable COMETMQ_ACCESS_KEY is not set");
        assertThatThrownBy(() -> ClientSecurity.from(Map.of(ClientSecurity.ACCESS_KEY_ENV, "app",
                ClientSecurity.SECRET_KEY_ENV, ""), null))
                .hasMessage("environment variable COMETMQ_SECRET_KEY is empty");
        assertThatThrownBy(() -> ClientSecurity.from(Map.of(ClientSecurity.ACCESS_KEY_ENV, " ",
                ClientSecurity.SECRET_KEY_ENV, "x"), null))
                .hasMessage("environment variable COMETMQ_ACCESS_KEY is empty");
    }

    @Test
    void aTrustCertificateTurnsOnVerifiedTlsForTheApacheClient(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        boolean testMode = TlsSystemConfig.tlsTestModeEnable;
        boolean authServer = TlsSystemConfig.tlsClientAuthServer;
        String trust = TlsSystemConfig.tlsClientTrustCertPath;
        String verification = System.getProperty(ClientSecurity.NETTY_ENDPOINT_VERIFICATION);
        try {
            ClientConfig config = new ClientConfig();
            ClientSecurity security = ClientSecurity.from(CREDENTIALS, ca);
            security.applyTo(config);
            assertThat(config.isUseTLS()).isTrue();
            assertThat(TlsSystemConfig.tlsTestModeEnable).isFalse();
            assertThat(TlsSystemConfig.tlsClientAuthServer).isTrue();
            assertThat(TlsSystemConfig.tlsClientTrustCertPath).isEqualTo(ca.toString());
            assertThat(System.getProperty(ClientSecurity.NETTY_ENDPOINT_VERIFICATION)).isEqualTo("NONE");
            assertThat(security).hasToString("user app, TLS trusting " + ca);
        } finally {
            TlsSystemConfig.tlsTestModeEnable = testMode;
            TlsSystemConfig.tlsClientAuthServer = authServer;
            TlsSystemConfig.tlsClientTrustCertPath = trust;
            if (verification == null) {
                System.clearProperty(ClientSecurity.NETTY_ENDPOINT_VERIFICATION);
            } else {
                System.setProperty(ClientSecurity.NETTY_ENDPOINT_VERIFICATION, verification);
            }
        }
    }

    @Test
    void aMissingTrustCertificateIsAUsageErrorNamingTheOption(@TempDir Path dir) {
        Path missing = dir.resolve("nope/ca.crt");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ClientMain()).setErr(new PrintWriter(err)).execute("produce", "--namesrv",
                "127.0.0.1:1", "--topic", "t", "--count", "1", "--tls-trust-cert", missing.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-trust-cert " + missing + ": no readable file there");
        err.getBuffer().setLength(0);
        exit = new CommandLine(new ClientMain()).setErr(new PrintWriter(err)).execute("consume", "--namesrv",
                "127.0.0.1:1", "--topic", "t", "--group", "g", "--run-id", "r", "--expect", "1",
                "--tls-trust-cert", missing.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-trust-cert");
    }

    @Test
    void aRefusedSendShowsTheBrokersRemarkOnItsLine() {
        String remark = "User:app has no permission to access Topic:other from 10.1.2.3, no matched policies.";
        // what DefaultMQProducer throws after its retries: the broker's answer as the cause
        MQClientException thrown = new MQClientException("Send [3] times, still failed, cost [40]ms, Topic: other",
                new MQBrokerException(ResponseCode.NO_PERMISSION, remark, "10.1.2.4:10911"));
        String line = ClientLine.SEND_ERROR + " r-0 " + ClientLine.describe(thrown);
        assertThat(line).doesNotContain("\n").contains("CODE: 16 DESC: " + remark); // 16 = NO_PERMISSION
        assertThat(ClientReport.parse("r", line + "\n").sendFailures()).containsExactly(line);
    }
}
