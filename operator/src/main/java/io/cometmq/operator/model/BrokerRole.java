package io.cometmq.operator.model;

/**
 * The two StatefulSets of a broker group, named after the role their pods have when the group starts: with automatic
 * failover these are only "home" names, the role ConfigMap says which pod is master now (docs/OPERATOR.md). A pod's
 * brokerId key is {@code brokerIdBase + ordinal}, the id it registers with while it is a slave: the master
 * StatefulSet's single pod gets 5 (slavesPerGroup is at most 4, so it never clashes), the slave StatefulSet's pods
 * 1..n. Whichever pod is master registers brokerId 0.
 */
public enum BrokerRole {
    MASTER("master", 5),
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
