package io.cometmq.operator.model;

/**
 * The two StatefulSets of a broker group. A pod's brokerId is {@code brokerIdBase + ordinal}: the master
 * StatefulSet has one replica (brokerId 0), the slave StatefulSet's pods get 1..n.
 */
public enum BrokerRole {
    MASTER("master", 0),
    SLAVE("slave", 1);

    private final String suffix;
    private final int brokerIdBase;

    BrokerRole(String suffix, int brokerIdBase) {
        this.suffix = suffix;
        this.brokerIdBase = brokerIdBase;
    }

    /** Lower-case name used in resource names, labels and config file names. */
    public String suffix() { return suffix; }

    public int brokerIdBase() { return brokerIdBase; }

    public int brokerId(int ordinal) { return brokerIdBase + ordinal; }

    /** Name of this role's file in the group ConfigMap. */
    public String configFile() { return suffix + ".conf"; }
}
