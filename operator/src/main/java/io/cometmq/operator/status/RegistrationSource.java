package io.cometmq.operator.status;

import java.util.Set;

/**
 * Which brokers a NameServer currently has registered. The real implementation,
 * {@link io.cometmq.operator.remoting.NameServerRegistrationSource}, asks the NameServer with
 * GET_BROKER_CLUSTER_INFO through the protocol module; tests may use a fake. Injected into the reconciler.
 *
 * <p>Entries are {@link #key(String, long) brokerName/brokerId}, e.g. {@code demo-broker-0/1}.
 * Implementations must time out within a few seconds and throw when the NameServer cannot be asked.
 */
@FunctionalInterface
public interface RegistrationSource {

    /** @param nameServerAddress one NameServer, host:port */
    Set<String> registeredBrokers(String nameServerAddress) throws Exception;

    static String key(String brokerName, long brokerId) {
        return brokerName + "/" + brokerId;
    }

    /** A source that never knows: registration is reported as unknown. */
    RegistrationSource UNAVAILABLE = address -> {
        throw new UnsupportedOperationException("no NameServer client wired into this operator build");
    };
}
