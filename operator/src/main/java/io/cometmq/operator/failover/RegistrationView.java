package io.cometmq.operator.failover;

import java.util.Set;

/**
 * What the NameServers say about one group's master slot: how many of them answered, and which addresses they list
 * as brokerId 0 of its brokerName (normally one; several while a NameServer still holds a deposed master).
 *
 * @param nameServersAnswered NameServers that answered GET_BROKER_CLUSTER_INFO this round (0: registration unknown,
 *                            it then never counts against the master)
 * @param masterAddresses     addresses registered as brokerId 0 of the group on any of them
 */
public record RegistrationView(int nameServersAnswered, Set<String> masterAddresses) {

    public static final RegistrationView UNKNOWN = new RegistrationView(0, Set.of());

    public RegistrationView {
        masterAddresses = Set.copyOf(masterAddresses);
    }

    public boolean known() {
        return nameServersAnswered > 0;
    }

    /** Whether {@code address} is id 0 on at least one NameServer; true while nothing is known. */
    public boolean registersAsMaster(String address) {
        return !known() || masterAddresses.contains(address);
    }
}
