package io.cometmq.protocol.body;

/**
 * Keys of the GET_BROKER_RUNTIME_INFO table (a {@link KVTable}) that CometMQ adds to RocketMQ's and another module
 * reads: the broker writes them, the operator reads them.
 */
public final class RuntimeInfoKeys {
    /** The broker process's open-file limit (RLIMIT_NOFILE as the JVM runs with it); -1 when unknown. */
    public static final String NOFILE_LIMIT = "nofileLimit";

    private RuntimeInfoKeys() {}
}
