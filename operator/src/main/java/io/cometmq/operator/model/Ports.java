package io.cometmq.operator.model;

/**
 * Fixed container ports. RocketMQ clients expect these numbers, so they are not configurable. The metrics port is
 * spec.monitoring.port, named {@link #METRICS_NAME}; the gRPC port is spec.grpc.port, named {@link #GRPC_NAME}.
 */
public final class Ports {
    public static final int NAMESERVER = 9876;
    /** Broker remoting port: producers, consumers, admin and NameServer registration (listenPort). */
    public static final int BROKER_REMOTING = 10911;
    /** Replication port a slave pulls commit-log bytes from (RocketMQ: listenPort + 1). */
    public static final int BROKER_HA = 10912;
    /** Name of the container port of the metrics endpoint (spec.monitoring.port) on broker and NameServer pods. */
    public static final String METRICS_NAME = "metrics";
    /** Name of the broker container port of the gRPC endpoint (spec.grpc.port) and of the gRPC Service's port. */
    public static final String GRPC_NAME = "grpc";
    /** NameServers' external listener (externalListenPort) while spec.externalAccess is on, named {@link #EXTERNAL_NAME}. */
    public static final int NAMESERVER_EXTERNAL = 9877;
    public static final String EXTERNAL_NAME = "external";

    private Ports() {}
}
