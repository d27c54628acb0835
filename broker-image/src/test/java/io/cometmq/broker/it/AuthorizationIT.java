package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.cometmq.broker.BrokerServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization on a broker with both enabled, driven by the unmodified Apache 5.3.3 client and
 * admin with {@code AclClientRPCHook}: refusals carry code 16 and Apache's remarks; a normal user does exactly what
 * its ACL allows; a change applies to the next request; no secret reaches the log.
 */
class AuthorizationIT {

    private static final String ROOT_PASSWORD = "root-pass-9f3e21";
    private static final String INNER_SECRET = "inner-secret-5b7c0d";
    private static final String APP_PASSWORD = "app-pass-21d4aa";
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    private static BrokerServer broker;
    private static DefaultMQAdminExt root;
    private static DefaultMQAdminExt app;
    private static DefaultMQProducer appProducer;

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        cluster = new LocalCluster(dir);
        broker = cluster.startBroker("broker-a", Map.of(
                "authenticationEnabled", "true",
                "authorizationEnabled", "true",
                "initAuthenticationUser", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}",
                "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"" + INNER_SECRET + "\"}"));
        root = admin(hook("root", ROOT_PASSWORD));
        root.createUser(addr(), "app", APP_PASSWORD, "Normal");
        root.createAcl(addr(), "User:app", List.of("Topic:orders", "Group:billing"), List.of("Pub", "Sub"), null,
                "Allow");
        root.createAcl(addr(), "User:app", List.of("Topic:audit*"), List.of("Pub"), null, "Allow");
        root.createAcl(addr(), "User:app", List.of("Topic:audit-secret"), List.of("Pub"), null, "Deny");
        root.createAcl(addr(), "User:app", List.of("Topic:remote-only"), List.of("Pub"), List.of("10.0.0.0/8"),
                "Allow");
        root.createAcl(addr(), "User:app", List.of("Topic:local-only"), List.of("Pub"), List.of("127.0.0.0/8"),
                "Allow");
        app = admin(hook("app", APP_PASSWORD));
        appProducer = new DefaultMQProducer("app-producer", hook("app", APP_PASSWORD));
        appProducer.setNamesrvAddr(cluster.nameServerAddr());
        appProducer.setInstanceName(Clients.unique("app-producer"));
        appProducer.setRetryTimesWhenSendFailed(0);
        appProducer.start();
    }

    @AfterAll
    static void stop() {
        appProducer.shutdown();
        app.shutdown();
        root.shutdown();
        cluster.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
    }

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    private static DefaultMQAdminExt admin(RPCHook hook) throws Exception {
        DefaultMQAdminExt admin = hook == null ? new DefaultMQAdminExt(5000) : new DefaultMQAdminExt(hook, 5000);
        admin.setNamesrvAddr(cluster.nameServerAddr());
        admin.setInstanceName(Clients.unique("admin"));
        admin.start();
        return admin;
    }

    private static String addr() {
        return broker.brokerAddr();
    }

    @Test
    void unauthenticatedAndWrongPasswordRequestsAreRefused() throws Exception {
        DefaultMQAdminExt anonymous = admin(null);
        DefaultMQAdminExt wrong = admin(hook("app", "not-the-password"));
        DefaultMQAdminExt ghost = admin(hook("ghost", "whatever"));
        try {
            refused(() -> anonymous.getBrokerConfig(addr()), "username cannot be null.");
            refused(() -> wrong.getBrokerConfig(addr()), "check signature failed.");
            refused(() -> ghost.getBrokerConfig(addr()), "User:ghost is not found.");
        } finally {
            anonymous.shutdown();
            wrong.shutdown();
            ghost.shutdown();
        }
    }

    @Test
    void aNormalUserSendsAndConsumesExactlyWhatItsAclAllows() throws Exception {
        SendResult sent = appProducer.send(new Message("orders", Clients.bytes("o-1")));
        assertThat(sent.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        sendRefused("other", "User:app has no permission to access Topic:other from 127.0.0.1, no matched policies.");

        DefaultMQPullConsumer billing = pullConsumer("billing");
        DefaultMQPullConsumer other = pullConsumer("other-group");
        try {
            MessageQueue queue = sent.getMessageQueue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PullResult result = billing.pull(queue, "*", 0, 32);
                assertThat(result.getPullStatus()).isEqualTo(PullStatus.FOUND);
                assertThat(result.getMsgFoundList()).extracting(m -> new String(m.getBody(), StandardCharsets.UTF_8))
                        .contains("o-1");
            });
            refused(() -> other.pull(queue, "*", 0, 32),
                    "User:app has no permission to access Group:other-group from 127.0.0.1, no matched policies.");
        } finally {
            billing.shutdown();
            other.shutdown();
        }
    }

    @Test
    void adminRequestsOfANormalUserAreRefused() {
        refused(() -> app.createAndUpdateTopicConfig(addr(), new TopicConfig("new-topic", 4, 4, 6)),
                "User:app has no permission to access Topic:new-topic from 127.0.0.1, no matched policies.");
        refused(() -> app.getUser(addr(), "root"),
                "User:app has no permission to access Cluster:TestCluster from 127.0.0.1, no matched policies.");
        refused(() -> app.updateBrokerConfig(addr(), props("autoCreateTopicEnable", "false")),
                "User:app has no permission to access Cluster:TestCluster from 127.0.0.1, no matched policies.");
    }

    @Test
    void denyBeatsAllowAndPrefixesMatch() throws Exception {
        assertThat(appProducer.send(new Message("audit-log", Clients.bytes("a"))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
        sendRefused("audit-secret",
                "User:app has no permission to access Topic:audit-secret from 127.0.0.1, the decision is deny.");
    }

    @Test
    void sourceIpConditionsApply() throws Exception {
        assertThat(appProducer.send(new Message("local-only", Clients.bytes("l"))).getSendStatus())
                .isEqualTo(SendStatus.SEND_OK);
        sendRefused("remote-only",
                "User:app has no permission to access Topic:remote-only from 127.0.0.1, no matched policies.");
    }

    @Test
    void aDeletedUserIsRefusedAtItsNextRequest() throws Exception {
        root.createUser(addr(), "temp", "temp-pass", "Normal");
        root.createAcl(addr(), "User:temp", List.of("Cluster:TestCluster"), List.of("Get"), null, "Allow");
        DefaultMQAdminExt temp = admin(hook("temp", "temp-pass"));
        try {
            assertThat(temp.listUser(addr(), "temp")).extracting(u -> u.getUsername()).containsExactly("temp");
            root.deleteUser(addr(), "temp");
            refused(() -> temp.listUser(addr(), "temp"), "User:temp is not found.");
        } finally {
            temp.shutdown();
        }
    }

    @Test
    void brokerConfigShowsSecretsRedacted() throws Exception {
        Properties config = root.getBrokerConfig(addr());
        assertThat(config.getProperty("initAuthenticationUser")).isEqualTo("<redacted>");
        assertThat(config.getProperty("innerClientAuthenticationCredentials")).isEqualTo("<redacted>");
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        // provoke refusals and admin traffic first, so there is something to log
        sendRefused("audit-secret",
                "User:app has no permission to access Topic:audit-secret from 127.0.0.1, the decision is deny.");
        DefaultMQAdminExt wrong = admin(hook("root", "wrong-" + ROOT_PASSWORD));
        try {
            refused(() -> wrong.getUser(addr(), "root"), "check signature failed.");
        } finally {
            wrong.shutdown();
        }
        assertThat(LOG.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("User:app", "Topic:audit-secret", "127.0.0.1"));
        for (ILoggingEvent event : List.copyOf(LOG.list)) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(text).doesNotContain(ROOT_PASSWORD, INNER_SECRET, APP_PASSWORD);
        }
    }

    @Test
    void mqadminManagesUsersAndAclsWithTheToolsCredentials() throws Exception {
        // mqadmin signs with $ROCKETMQ_HOME/conf/tools.yml (accessKey, secretKey); main0 takes that hook directly
        RPCHook tools = hook("root", ROOT_PASSWORD);
        assertThat(mqadmin(tools, "createUser", "-n", cluster.nameServerAddr(), "-c", "TestCluster", "-u",
                "mq-user", "-p", "mq-pass", "-t", "Normal")).contains("create user to " + addr() + " success.");
        mqadmin(tools, "createAcl", "-n", cluster.nameServerAddr(), "-b", addr(), "-s", "User:mq-user", "-r",
                "Topic:mq-topic,Group:mq-group", "-a", "Pub,Sub", "-i", "127.0.0.1", "-d", "Allow");
        String acl = mqadmin(tools, "getAcl", "-n", cluster.nameServerAddr(), "-b", addr(), "-s", "User:mq-user");
        assertThat(acl).contains("User:mq-user", "Topic:mq-topic", "Group:mq-group", "127.0.0.1", "Allow");
        assertThat(root.getUser(addr(), "mq-user").getUserType()).isEqualTo("Normal");

        // without credentials mqadmin is refused, with Apache's remark in its output
        String anonymous = mqadmin(null, "listUser", "-n", cluster.nameServerAddr(), "-b", addr());
        assertThat(root.listUser(addr(), "mq-user")).hasSize(1);
        assertThat(anonymous).contains("username cannot be null.").doesNotContain("mq-user");
    }

    /** Runs an mqadmin sub-command (Apache rocketmq-tools) in this JVM; returns what it printed. */
    private static String mqadmin(RPCHook hook, String... args) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream both = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            org.apache.rocketmq.tools.command.MQAdminStartup.main0(args, hook);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static DefaultMQPullConsumer pullConsumer(String group) throws Exception {
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(group, hook("app", APP_PASSWORD));
        consumer.setNamesrvAddr(cluster.nameServerAddr());
        consumer.setInstanceName(Clients.unique("pull"));
        consumer.start();
        return consumer;
    }

    private static Properties props(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private static void sendRefused(String topic, String remark) {
        refused(() -> appProducer.send(new Message(topic, Clients.bytes("x"))), remark);
    }

    private static void refused(ThrowingCallable call, String remark) {
        assertThat(refusalOf(call)).isEqualTo("16 " + remark);
    }

    /** "code remark" of the broker's refusal of {@code call}. */
    static String refusalOf(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).as("the call should have been refused").isNotNull();
        return refusal(thrown);
    }

    /** "code remark" of the broker's answer inside whatever the client wrapped it in. */
    static String refusal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException broker) {
                return broker.getResponseCode() + " " + broker.getErrorMessage();
            }
        }
        // the admin's topic update reports the broker's answer as an MQClientException of its own
        if (thrown instanceof MQClientException client && client.getResponseCode() > 0) {
            return client.getResponseCode() + " " + client.getErrorMessage();
        }
        throw new AssertionError("no broker refusal in " + thrown, thrown);
    }
}
