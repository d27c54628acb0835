package io.cometmq.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.BrokerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL 2.0 administration requests (3001-3010) as the unmodified Apache 5.3.3 admin client sends them: bodies,
 * codes and remarks as Apache's broker answers, merge and delete semantics, the super-user rule, persistence.
 */
class AuthAdminIT {

    private static final String ROOT_PASSWORD = "root-pass-4c1d";
    private static final String INNER_SECRET = "inner-secret-77aa";

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private BrokerServer broker;
    private DefaultMQAdminExt root;

    @BeforeEach
    void start() throws Exception {
        cluster = new LocalCluster(dir);
        broker = cluster.startBroker("broker-a", Map.of(
                "initAuthenticationUser", "{\"username\":\"root\",\"password\":\"" + ROOT_PASSWORD + "\"}",
                "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"cometmq-inner\",\"secretKey\":\"" + INNER_SECRET + "\"}"));
        root = admin("root", ROOT_PASSWORD);
    }

    @AfterEach
    void stop() {
        root.shutdown();
        cluster.close();
    }

    private DefaultMQAdminExt admin(String accessKey, String secretKey) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(new AclClientRPCHook(
                new SessionCredentials(accessKey, secretKey)), 5000);
        admin.setNamesrvAddr(cluster.nameServerAddr());
        admin.setInstanceName("admin-" + System.nanoTime());
        admin.start();
        return admin;
    }

    private String addr() {
        return broker.brokerAddr();
    }

    @Test
    void initialAndInnerUsersAreSuperUsers() throws Exception {
        UserInfo rootUser = root.getUser(addr(), "root");
        assertThat(rootUser.getUserType()).isEqualTo("Super");
        assertThat(rootUser.getUserStatus()).isEqualTo("enable");
        assertThat(rootUser.getPassword()).isEqualTo(ROOT_PASSWORD);
        assertThat(root.listUser(addr(), "")).extracting(UserInfo::getUsername)
                .containsExactly("cometmq-inner", "root");
        assertThat(root.getUser(addr(), "cometmq-inner").getUserType()).isEqualTo("Super");
    }

    @Test
    void createGetUpdateListAndDeleteUsers() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        UserInfo app = root.getUser(addr(), "app");
        assertThat(app.getUsername()).isEqualTo("app");
        assertThat(app.getUserType()).isEqualTo("Normal");
        assertThat(app.getUserStatus()).isEqualTo("enable");

        refused(() -> root.createUser(addr(), "app", "other", "Normal"), 16, "The user is existed");
        refused(() -> root.createUser(addr(), "nopass", "", "Normal"), 16, "password can not be blank");
        refused(() -> root.updateUser(addr(), "ghost", "x", null, null), 16, "The user is not exist");

        root.updateUser(addr(), "app", "", null, "disable"); // a blank password keeps the old one
        app = root.getUser(addr(), "app");
        assertThat(app.getPassword()).isEqualTo("app-pass");
        assertThat(app.getUserStatus()).isEqualTo("disable");

        root.createUser(addr(), "app2", "p2", "Normal");
        assertThat(root.listUser(addr(), "app")).extracting(UserInfo::getUsername).containsExactly("app", "app2");
        assertThat(root.listUser(addr(), "nobody")).isNullOrEmpty();

        root.deleteUser(addr(), "app2");
        root.deleteUser(addr(), "app2"); // deleting a missing user succeeds, as in Apache
        assertThat(root.getUser(addr(), "app2")).isNull();
    }

    @Test
    void onlyASuperUserCreatesChangesOrDeletesSuperUsers() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        DefaultMQAdminExt app = admin("app", "app-pass");
        try {
            refused(() -> app.createUser(addr(), "boss", "x", "Super"), 1,
                    "The super user can only be create by super user");
            refused(() -> app.updateUser(addr(), "app", null, "Super", null), 1,
                    "The super user can only be update by super user");
            refused(() -> app.updateUser(addr(), "root", "hijacked", null, null), 16,
                    "The super user can only be update by super user");
            refused(() -> app.deleteUser(addr(), "root"), 16, "The super user can only be update by super user");
        } finally {
            app.shutdown();
        }
        root.createUser(addr(), "boss", "boss-pass", "Super");
        assertThat(root.getUser(addr(), "boss").getUserType()).isEqualTo("Super");
        assertThat(root.getUser(addr(), "root").getPassword()).isEqualTo(ROOT_PASSWORD);
    }

    @Test
    void aclsMergeByResourceAndDeleteByResource() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        root.createAcl(addr(), "User:app", List.of("Topic:orders", "Group:billing"), List.of("Pub", "Sub"),
                null, "Allow");
        // same resource: the entry is replaced; new resource: appended
        root.updateAcl(addr(), "User:app", List.of("Topic:orders", "Topic:audit*"), List.of("Pub"),
                List.of("10.0.0.0/8"), "Deny");

        AclInfo acl = root.getAcl(addr(), "User:app");
        assertThat(acl.getSubject()).isEqualTo("User:app");
        assertThat(acl.getPolicies()).hasSize(1);
        AclInfo.PolicyInfo policy = acl.getPolicies().get(0);
        assertThat(policy.getPolicyType()).isEqualTo("Custom");
        assertThat(policy.getEntries()).extracting(AclInfo.PolicyEntryInfo::getResource)
                .containsExactly("Topic:orders", "Group:billing", "Topic:audit*");
        AclInfo.PolicyEntryInfo orders = policy.getEntries().get(0);
        assertThat(orders.getActions()).containsExactly("Pub");
        assertThat(orders.getSourceIps()).containsExactly("10.0.0.0/8");
        assertThat(orders.getDecision()).isEqualTo("Deny");
        assertThat(policy.getEntries().get(1).getActions()).containsExactly("Pub", "Sub");
        assertThat(policy.getEntries().get(1).getSourceIps()).isNull();

        assertThat(root.listAcl(addr(), "app", "Group")).singleElement().satisfies(listed ->
                assertThat(listed.getPolicies().get(0).getEntries()).extracting(AclInfo.PolicyEntryInfo::getResource)
                        .containsExactly("Group:billing"));
        assertThat(root.listAcl(addr(), "nobody", null)).isNullOrEmpty();

        root.deleteAcl(addr(), "User:app", "Topic:orders");
        assertThat(root.getAcl(addr(), "User:app").getPolicies().get(0).getEntries())
                .extracting(AclInfo.PolicyEntryInfo::getResource).containsExactly("Group:billing", "Topic:audit*");
        root.deleteAcl(addr(), "User:app", null);
        assertThat(root.getAcl(addr(), "User:app")).isNull();
        refused(() -> root.deleteAcl(addr(), "User:app", null), 16, "The acl is not exist.");
    }

    @Test
    void invalidAclsAreRefusedWithApacheMessages() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        refused(() -> root.createAcl(addr(), "User:ghost", List.of("Topic:t"), List.of("Pub"), null, "Allow"), 16,
                "The subject of User:ghost is not exist.");
        refused(() -> root.createAcl(addr(), "User:app", List.of("Topic:t"), List.of("Pub"),
                List.of("10.0.0.300"), "Allow"), 16, "The source ip is invalid.");
        refused(() -> root.createAcl(addr(), "User:app", List.of("Topic:t"), List.of("Pub"), null, "Maybe"), 16,
                "The decision is null or illegal.");
        refused(() -> root.createAcl(addr(), "User:app", List.of("Bucket:t"), List.of("Pub"), null, "Allow"), 16,
                "The resource is null.");
        refused(() -> root.createAcl(addr(), "User:app", List.of("Topic:t"), List.of("Fly"), null, "Allow"), 16,
                "The actions is empty.");
        refused(() -> root.getAcl(addr(), "User:ghost"), 16, "The subject is not exist.");
        assertThat(root.getAcl(addr(), "User:app")).isNull();
    }

    @Test
    void deletingAUserDeletesItsAcl() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        root.createAcl(addr(), "User:app", List.of("Topic:t"), List.of("Pub"), null, "Allow");
        root.deleteUser(addr(), "app");
        root.createUser(addr(), "app", "again", "Normal");
        assertThat(root.getAcl(addr(), "User:app")).isNull();
    }

    @Test
    void usersAndAclsSurviveARestartInOwnerOnlyFiles() throws Exception {
        root.createUser(addr(), "app", "app-pass", "Normal");
        root.createAcl(addr(), "User:app", List.of("Topic:t"), List.of("Sub"), List.of("127.0.0.1"), "Allow");
        broker = cluster.restartBroker(broker);

        assertThat(root.getUser(addr(), "app").getPassword()).isEqualTo("app-pass");
        AclInfo.PolicyEntryInfo entry = root.getAcl(addr(), "User:app").getPolicies().get(0).getEntries().get(0);
        assertThat(entry.getResource()).isEqualTo("Topic:t");
        assertThat(entry.getSourceIps()).containsExactly("127.0.0.1");
        try (var files = Files.walk(dir)) {
            List<Path> stored = files.filter(p -> p.getFileName().toString().matches("(users|acls)\\.json"))
                    .toList();
            assertThat(stored).hasSize(2);
            for (Path file : stored) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static void refused(ThrowingCallable call, int code, String remark) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MQBrokerException.class, e -> {
            assertThat(e.getResponseCode()).isEqualTo(code);
            assertThat(e.getErrorMessage()).isEqualTo(remark);
        });
    }
}
