package io.cometmq.operator.probe;

import java.util.Map;

/**
 * A broker's runtime info (GET_BROKER_RUNTIME_INFO, what {@code mqadmin brokerStatus} shows). The real
 * implementation is {@link io.cometmq.operator.remoting.RemotingBrokerRuntimeSource}; implementations time out
 * within a few seconds and throw when the broker cannot be asked.
 */
@FunctionalInterface
public interface BrokerRuntimeSource {

    /** @param brokerAddress host:port of the broker's remoting port */
    Map<String, String> runtimeInfo(String brokerAddress) throws Exception;

    /** A source that never knows: broker facts are left out of status. */
    BrokerRuntimeSource UNAVAILABLE = address -> {
        throw new UnsupportedOperationException("no broker client wired into this operator build");
    };
}
