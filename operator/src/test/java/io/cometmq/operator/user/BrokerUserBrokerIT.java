package io.cometmq.operator.user;

import static io.cometmq.operator.it.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.BrokerUsers;
import io.cometmq.operator.crd.AclEntrySpec.Action;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.crd.BrokerUser;
import io.cometmq.operator.crd.SecuritySpec;
import io.cometmq.operator.it.OperatorHarness;
import io.cometmq.operator.remoting.AclAdminClient;
import io.cometmq.operator.remoting.NameServerClusterMasters;
import io.cometmq.operator.remoting.RemotingAdmin;
import io.cometmq.operator.status.Conditions;
import io.cometmq.protocol.testing.JvmProcess;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The BrokerUser lifecycle against a real NameServer and a broker JVM with authentication and authorization on
 * (the fat jars), the operator on the mock API server. What the broker holds is read with Apache's 5.3.3 admin
 * client signed as the broker's initial super user, never with the operator's own client.
 */
class BrokerUserBrokerIT {
    static final Path NAMESERVER_JAR = Path.of("..", "nameserver-image", "target", "cometmq-nameserver.jar");
    static final Path BROKER_JAR = Path.of("..", "broker-image", "target", "cometmq-broker.jar");
    static final String CLUSTER = "sec";
    static final String ROOT_PASSWORD = "root-" + Long.toHexString(System.nanoTime());
    static final String INNER_SECRET = "inner-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path dir;

    private JvmProcess nameServerProcess;
    private JvmProcess brokerProcess;
    private String nameServer;
    private String broker;
    private RemotingAdmin admin;
    private OperatorHarness harness;
    private DefaultMQAdminExt root;
    /** Every log event of this JVM (the operator's included) while a test runs. */
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        int nsPort = freePort();
        nameServer = "127.0.0.1:" + nsPort;
        nameServerProcess = new JvmProcess(NAMESERVER_JAR, List.of("--listen-host", "127.0.0.1", "--listen-port",
                Integer.toString(nsPort)), dir.resolve("namesrv"), "namesrv").start("listening on");
        int port = freePort();
        broker = "127.0.0.1:" + port;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("brokerClusterName", CLUSTER);
        settings.put("brokerName", CLUSTER + "-broker-0");
        settings.put("brokerId", "0");
        settings.put("brokerRole", "ASYNC_MASTER");
        settings.put("namesrvAddr", nameServer);
        settings.put("brokerIP1", "127.0.0.1");
        settings.put("listenHost", "127.0.0.1");
        settings.put("listenPort", Integer.toString(port));
        settings.put("haListenPort", Integer.toString(freePort()));
        settings.put("storePathRootDir", dir.resolve("broker").resolve("store").toString());
        settings.put("mappedFileSizeCommitLog", Integer.toString(16 * 1024 * 1024));
        settings.put("authenticationEnabled", "true");
        settings.put("authorizationEnabled", "true");
        settings.put("initAuthenticationUser", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}");
        settings.put("innerClientAuthenticationCredentials",
                "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"" + INNER_SECRET + "\"}");
        Path config = dir.resolve("broker").resolve("broker.yaml");
        Files.createDirectories(config.getParent());
        StringBuilder yaml = new StringBuilder();
        settings.forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(config, yaml);
        brokerProcess = new JvmProcess(BROKER_JAR, List.of("--config", config.toString()), dir.resolve("broker"), "broker")
                .start("listening on " + broker);

        admin = new RemotingAdmin();
        harness = OperatorHarness.withUsers(users -> users.withAdmin(new AclAdminClient(admin))
                .withMasters(new NameServerClusterMasters(admin, cluster -> List.of(nameServer))));
        // the cluster's inner credentials, as the operator's security step would have created them
        harness.client.resource(new SecretBuilder().withNewMetadata().withName(CLUSTER + "-inner-credentials")
                .withNamespace(NS).endMetadata()
                .addToData("accessKey", base64("cometmq-inner")).addToData("secretKey", base64(INNER_SECRET)).build())
                .create();
        BrokerCluster cluster = BrokerClusters.minimal(CLUSTER);
        cluster.getSpec().setSecurity(new SecuritySpec());
        cluster.getSpec().getSecurity().setAuthentication(true);
        harness.create(cluster);

        root = new DefaultMQAdminExt(new AclClientRPCHook(new SessionCredentials("root", ROOT_PASSWORD)), 5000);
        root.setNamesrvAddr(nameServer);
        root.setInstanceName("root-" + System.nanoTime());
        root.start();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (root != null) {
            root.shutdown();
        }
        if (harness != null) {
            harness.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (brokerProcess != null) {
            brokerProcess.close();
        }
        if (nameServerProcess != null) {
            nameServerProcess.close();
        }
    }

    @Test
    void userAndAclAreAppliedFollowEditsAndPasswordChangesAndAreDeletedWithTheResource() throws Exception {
        harness.client.resource(BrokerUsers.of("app", CLUSTER, "app", BrokerUsers.allow("Topic:orders", Action.Pub),
                BrokerUsers.allow("Group:GID_app", Action.Sub))).create();

        awaitReady("True/" + BrokerUserReconciler.APPLIED);
        assertThat(user().getStatus().getBrokers()).isEqualTo("1/1");
        String password = password();
        UserInfo onBroker = root.getUser(broker, "app");
        assertThat(onBroker.getPassword()).isEqualTo(password);
        assertThat(onBroker.getUserType()).isEqualTo("Normal");
        assertThat(entries()).containsExactlyInAnyOrder("Topic:orders=[Pub]/Allow", "Group:GID_app=[Sub]/Allow");

        // ACL edit: one resource replaced, one kept, one added with a Deny
        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").edit(bu -> {
            bu.getSpec().setAcl(new java.util.ArrayList<>(List.of(BrokerUsers.allow("Topic:payments", Action.Pub, Action.Sub),
                    BrokerUsers.allow("Group:GID_app", Action.Sub),
                    new io.cometmq.operator.crd.AclEntrySpec("Topic:payments-internal*", List.of(Action.All),
                            List.of("10.0.0.0/8"), io.cometmq.operator.crd.AclEntrySpec.Decision.Deny))));
            return bu;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(entries()).containsExactlyInAnyOrder(
                "Topic:payments=[Pub, Sub]/Allow", "Group:GID_app=[Sub]/Allow", "Topic:payments-internal*=[All]/Deny"));
        awaitReady("True/" + BrokerUserReconciler.APPLIED);

        // password rotation in the Secret: the broker gets it at the next recheck, nothing restarts
        String rotated = "rotated-" + Long.toHexString(System.nanoTime());
        harness.client.secrets().inNamespace(NS).withName("app-password").edit(s -> {
            s.getData().put("password", base64(rotated));
            return s;
        });
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(root.getUser(broker, "app").getPassword()).isEqualTo(rotated));
        assertNoPasswordShown(password, rotated);

        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> user() == null);
        assertThat(root.getUser(broker, "app")).as("user deleted from the broker").isNull();
    }

    @Test
    void theUserSendsOnlyWhereItsAclAllowsAndOnlyWithItsCurrentPassword() throws Exception {
        harness.client.resource(BrokerUsers.of("app", CLUSTER, "app", BrokerUsers.allow("Topic:orders", Action.Pub)))
                .create();
        awaitReady("True/" + BrokerUserReconciler.APPLIED);
        String password = password();

        DefaultMQProducer producer = producer("app", password);
        try {
            assertThat(producer.send(new Message("orders", "o-1".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            assertThat(refusal(() -> producer.send(new Message("payments", "p-1".getBytes(StandardCharsets.UTF_8)))))
                    .isEqualTo("16 User:app has no permission to access Topic:payments from 127.0.0.1, no matched policies.");
        } finally {
            producer.shutdown();
        }

        // the ACL follows the resource: payments allowed now, orders no longer
        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").edit(bu -> {
            bu.getSpec().setAcl(new java.util.ArrayList<>(List.of(BrokerUsers.allow("Topic:payments", Action.Pub))));
            return bu;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(entries()).containsExactly("Topic:payments=[Pub]/Allow"));
        DefaultMQProducer edited = producer("app", password);
        try {
            assertThat(edited.send(new Message("payments", "p-2".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
            assertThat(refusal(() -> edited.send(new Message("orders", "o-2".getBytes(StandardCharsets.UTF_8)))))
                    .startsWith("16 User:app has no permission to access Topic:orders");
        } finally {
            edited.shutdown();
        }

        // password rotation: once the broker has it, the old password is refused and the new one accepted
        String rotated = "rotated-" + Long.toHexString(System.nanoTime());
        harness.client.secrets().inNamespace(NS).withName("app-password").edit(secret -> {
            secret.getData().put("password", base64(rotated));
            return secret;
        });
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(root.getUser(broker, "app").getPassword()).isEqualTo(rotated));
        DefaultMQProducer old = producer("app", password);
        DefaultMQProducer fresh = producer("app", rotated);
        try {
            assertThat(refusal(() -> old.send(new Message("payments", "p-3".getBytes(StandardCharsets.UTF_8)))))
                    .isEqualTo("16 check signature failed.");
            assertThat(fresh.send(new Message("payments", "p-4".getBytes(StandardCharsets.UTF_8))).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        } finally {
            old.shutdown();
            fresh.shutdown();
        }
        assertNoPasswordShown(password, rotated);
    }

    @Test
    void deletionWaitsForADownMasterAndMissingMastersAreReported() throws Exception {
        harness.client.resource(BrokerUsers.of("app", CLUSTER, "app", BrokerUsers.allow("Topic:orders", Action.Pub)))
                .create();
        awaitReady("True/" + BrokerUserReconciler.APPLIED);

        // the master goes away (its NameServer drops it with the connection): the user cannot be removed from it yet
        brokerProcess.kill();
        harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> !harness.events("DeleteFailed").isEmpty());
        assertThat(user()).as("finalizer kept while the master is down").isNotNull();
        assertThat(harness.events("DeleteFailed").get(0).getMessage()).contains("0 of 1 masters");

        // back on its store (the user is still there): the operator deletes it, then lets the resource go
        brokerProcess.start("listening on " + broker);
        await().atMost(Duration.ofSeconds(60)).until(() -> user() == null);
        assertThat(root.getUser(broker, "app")).isNull();

        // a cluster of two groups with one master registered: applied on that one, reported as 1/2
        harness.edit(CLUSTER, bc -> bc.getSpec().getBroker().setGroups(2));
        harness.client.resource(BrokerUsers.of("two", CLUSTER, "two")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> ("False/" + BrokerUserReconciler.MASTERS_MISSING)
                .equals(ready("two")));
        BrokerUser two = harness.client.resources(BrokerUser.class).inNamespace(NS).withName("two").get();
        assertThat(two.getStatus().getBrokers()).isEqualTo("1/2");
        assertThat(root.getUser(broker, "two")).isNotNull();
    }

    private DefaultMQProducer producer(String username, String password) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("PID_" + username,
                new AclClientRPCHook(new SessionCredentials(username, password)));
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(username + "-" + System.nanoTime());
        producer.setRetryTimesWhenSendFailed(0);
        producer.setSendMsgTimeout(5000);
        producer.start();
        return producer;
    }

    /** "code remark" of the broker's refusal. */
    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).as("the send should have been refused").isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MQBrokerException refused) {
                return refused.getResponseCode() + " " + refused.getErrorMessage();
            }
        }
        throw new AssertionError("no broker refusal in " + thrown, thrown);
    }

    @Test
    void brokerRefusalIsReportedWithItsRemarkAndRetried() throws Exception {
        // the inner credentials name no user of the broker: every admin request is refused
        harness.client.secrets().inNamespace(NS).withName(CLUSTER + "-inner-credentials").edit(s -> {
            s.getData().put("secretKey", base64("wrong-secret"));
            s.getData().put("accessKey", base64("nobody"));
            return s;
        });
        BrokerUser user = BrokerUsers.of("boss", CLUSTER, "boss");
        user.getSpec().setUserType(io.cometmq.operator.crd.BrokerUserSpec.UserType.Super);
        harness.client.resource(user).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> ("False/" + BrokerUserReconciler.APPLY_FAILED)
                .equals(ready("boss")));
        String message = harness.client.resources(BrokerUser.class).inNamespace(NS).withName("boss").get()
                .getStatus().getConditions().get(0).getMessage();
        assertThat(message).contains(CLUSTER + "-broker-0", broker, "AUTH_GET_USER", "(code 16)", "User:nobody is not found.")
                .doesNotContain("wrong-secret");
        assertThat(root.getUser(broker, "boss")).isNull();
    }

    private BrokerUser user() {
        return harness.client.resources(BrokerUser.class).inNamespace(NS).withName("app").get();
    }

    private String ready(String name) {
        BrokerUser user = harness.client.resources(BrokerUser.class).inNamespace(NS).withName(name).get();
        return user == null || user.getStatus() == null ? null : Conditions.find(user.getStatus().getConditions(),
                Conditions.READY).map(c -> c.getStatus() + "/" + c.getReason()).orElse(null);
    }

    private void awaitReady(String statusAndReason) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statusAndReason.equals(ready("app")));
    }

    private String password() {
        Secret secret = harness.client.secrets().inNamespace(NS).withName("app-password").get();
        return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    }

    /** The broker's Custom policy entries for User:app as resource=[actions]/decision. */
    private List<String> entries() throws Exception {
        AclInfo acl = root.getAcl(broker, "User:app");
        if (acl == null || acl.getPolicies() == null) {
            return List.of();
        }
        return acl.getPolicies().stream().filter(p -> p.getPolicyType() == null || "Custom".equalsIgnoreCase(p.getPolicyType()))
                .flatMap(p -> p.getEntries().stream())
                .map(e -> e.getResource() + "=" + e.getActions() + "/" + e.getDecision()).toList();
    }

    /** Not in status, events, this JVM's log (the operator's) or the broker's log. */
    private void assertNoPasswordShown(String... passwords) {
        StringBuilder logged = new StringBuilder();
        List<ILoggingEvent> captured;
        synchronized (logs) { // the monitor AppenderBase.doAppend holds while it appends
            captured = List.copyOf(logs.list);
        }
        for (ILoggingEvent event : captured) {
            logged.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                logged.append(t.getMessage()).append('\n');
            }
        }
        assertThat(captured).as("log events captured").isNotEmpty();
        for (String password : passwords) {
            assertThat(logged).doesNotContain(password);
            assertThat(brokerProcess.logText()).doesNotContain(password);
        }
        String status = harness.client.getKubernetesSerialization().asJson(user().getStatus());
        String events = harness.client.getKubernetesSerialization().asJson(harness.client.v1().events().inNamespace(NS)
                .list().getItems());
        for (String password : passwords) {
            assertThat(status).doesNotContain(password);
            assertThat(events).doesNotContain(password);
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
