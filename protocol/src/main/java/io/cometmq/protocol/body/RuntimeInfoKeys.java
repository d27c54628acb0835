package io.cometmq.protocol.body;

/**
 * Keys of the GET_BROKER_RUNTIME_INFO table (a {@link KVTable}) that another module reads: the broker writes them,
 * the operator reads them. Some are RocketMQ's own ({@link #COMMIT_LOG_MAX_OFFSET}), the rest CometMQ's.
 */
public final class RuntimeInfoKeys {
    /** The broker process's open-file limit (RLIMIT_NOFILE as the JVM runs with it); -1 when unknown. */
    public static final String NOFILE_LIMIT = "nofileLimit";
    /** RocketMQ's key: the end of the local commit log (bytes). */
    public static final String COMMIT_LOG_MAX_OFFSET = "commitLogMaxOffset";
    /** The role the broker runs in now: ASYNC_MASTER, SYNC_MASTER or SLAVE (changes with promotion/demotion). */
    public static final String BROKER_ROLE = "cometmqBrokerRole";
    /** The controller epoch the broker knows (its mastership's, for a master); 0 when none was ever given. */
    public static final String CONTROLLER_EPOCH = "controllerEpoch";
    /** Master: whether it takes writes now (false while its lease is unconfirmed or after demotion). */
    public static final String MASTER_WRITABLE = "masterWritable";
    /** Master: the highest offset a slave has acknowledged (what SYNC_MASTER sends wait for); absent on slaves. */
    public static final String HA_ACKED_OFFSET = "haAckedOffset";
    /** Master: slaves connected for replication now. */
    public static final String HA_SLAVE_COUNT = "haSlaveCount";
    /** Slave: whether its replication connection to a master is up. */
    public static final String HA_MASTER_CONNECTED = "haMasterConnected";
    /** Slave: the master's log end at its last contact (-1 before the first). */
    public static final String HA_MASTER_MAX_OFFSET = "haMasterMaxOffset";

    private RuntimeInfoKeys() {}
}
