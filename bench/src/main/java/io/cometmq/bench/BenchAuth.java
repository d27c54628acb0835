package io.cometmq.bench;

import java.util.List;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * Users of the {@link Target#COMETMQ_ACL} runs: a super user the broker creates at start-up (topic creation, user
 * set-up) and a normal user, allowed to publish and subscribe on the bench topics and groups only, that runs the
 * load, so every send and pull goes through authentication and the ACL check. Throw-away secrets of a local run.
 */
final class BenchAuth {

    static final String ADMIN = "bench-admin";
    static final String ADMIN_PASSWORD = "bench-admin-secret-0123456789";
    static final String APP = "bench-app";
    static final String APP_PASSWORD = "bench-app-secret-0123456789";

    private BenchAuth() {
    }

    /** Broker keys that switch ACL 2.0 on. */
    static java.util.Map<String, String> brokerKeys() {
        return java.util.Map.of("authenticationEnabled", "true", "authorizationEnabled", "true",
                "initAuthenticationUser", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    }

    static RPCHook adminHook() {
        return new AclClientRPCHook(new SessionCredentials(ADMIN, ADMIN_PASSWORD));
    }

    static RPCHook appHook() {
        return new AclClientRPCHook(new SessionCredentials(APP, APP_PASSWORD));
    }

    /** Resources the normal user may use (the bench's topic, producer and consumer groups). */
    static List<String> appResources() {
        return List.of("Topic:bench_*", "Group:bench_*");
    }
}
