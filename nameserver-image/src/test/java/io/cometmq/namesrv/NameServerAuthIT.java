package io.cometmq.namesrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cometmq.protocol.config.Settings;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A NameServer with authenticationEnabled as the Apache 5.3.3 admin sees it: reads open, writes signed. */
class NameServerAuthIT {

    private static final String INNER_SECRET = "inner-secret-0c9d";

    private NameServer nameServer;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        nameServer = new NameServer(NameServerConfig.from(Settings.fromMap(Map.of("listenHost", "127.0.0.1",
                "listenPort", "0", "authenticationEnabled", "true", "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"" + INNER_SECRET + "\"}",
                "initAuthenticationUser", "{\"username\":\"root\",\"password\":\"root-pass\"}"), "test")),
                Clock.systemUTC());
        addr = "127.0.0.1:" + nameServer.start().getPort();
    }

    @AfterEach
    void stop() {
        nameServer.close();
    }

    private DefaultMQAdminExt admin(RPCHook hook) throws Exception {
        DefaultMQAdminExt admin = hook == null ? new DefaultMQAdminExt(3000) : new DefaultMQAdminExt(hook, 3000);
        admin.setNamesrvAddr(addr);
        admin.setInstanceName("admin-" + System.nanoTime());
        admin.start();
        return admin;
    }

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    @Test
    void readsAreOpenAndWritesNeedTheInnerOrInitialCredentials() throws Exception {
        DefaultMQAdminExt anonymous = admin(null);
        DefaultMQAdminExt stranger = admin(hook("app", "app-pass"));
        DefaultMQAdminExt forger = admin(hook("cometmq-inner", "guessed"));
        DefaultMQAdminExt inner = admin(hook("cometmq-inner", INNER_SECRET));
        DefaultMQAdminExt root = admin(hook("root", "root-pass"));
        try {
            assertThat(anonymous.examineBrokerClusterInfo().getBrokerAddrTable()).isEmpty();
            assertThat(refusal(() -> anonymous.createAndUpdateKvConfig("ns", "k", "v")))
                    .isEqualTo("16 username cannot be null.");
            assertThat(refusal(() -> stranger.createAndUpdateKvConfig("ns", "k", "v")))
                    .isEqualTo("16 User:app is not found.");
            assertThat(refusal(() -> forger.createAndUpdateKvConfig("ns", "k", "v")))
                    .isEqualTo("16 check signature failed.");
            inner.createAndUpdateKvConfig("ns", "k", "v");
            root.createAndUpdateKvConfig("ns", "k2", "v2");
            assertThat(anonymous.getKVConfig("ns", "k")).isEqualTo("v"); // reads stay open

            Properties config = root.getNameServerConfig(java.util.List.of(addr)).get(addr);
            assertThat(config.getProperty("authenticationEnabled")).isEqualTo("true");
            assertThat(config.getProperty("innerClientAuthenticationCredentials")).isEqualTo("<redacted>");
            assertThat(config.getProperty("initAuthenticationUser")).isEqualTo("<redacted>");
        } finally {
            for (DefaultMQAdminExt admin : new DefaultMQAdminExt[] {anonymous, stranger, forger, inner, root}) {
                admin.shutdown();
            }
        }
    }

    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException e) {
                return e.getResponseCode() + " " + e.getErrorMessage();
            }
            if (t instanceof MQClientException e && e.getResponseCode() > 0) {
                return e.getResponseCode() + " " + e.getErrorMessage();
            }
        }
        throw new AssertionError("not refused by the NameServer: " + thrown, thrown);
    }
}
