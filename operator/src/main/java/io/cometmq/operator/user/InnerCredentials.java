package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.protocol.auth.SessionCredentials;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The credentials the operator signs a cluster's admin requests with: the cluster's inner credentials, a super user
 * on every broker. Failures (Secret missing, key missing) are {@link Unavailable} with a message naming the Secret and
 * key, never a value.
 */
@FunctionalInterface
public interface InnerCredentials {

    SessionCredentials of(BrokerCluster cluster, KubernetesClient client) throws Unavailable;

    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
