package io.cometmq.operator.probe;

import java.util.Map;

/**
 * Which address one NameServer lists as brokerId 0 (master) of each brokerName. The real implementation is
 * {@link io.cometmq.operator.remoting.NameServerRegistrationSource#masterAddresses}; it times out within a few
 * seconds and throws when the NameServer cannot be asked.
 */
@FunctionalInterface
public interface MasterSlotSource {

    /** brokerName → master address on {@code nameServerAddress} (host:port). */
    Map<String, String> masterAddresses(String nameServerAddress) throws Exception;
}
