package io.cometmq.bench;

/** The brokers under test. */
public enum Target {
    /** Apache RocketMQ NameServer + broker, the --peer version (5.5.0 unless told). */
    APACHE("Apache RocketMQ"),
    COMETMQ("CometMQ"),
    /** CometMQ with ACL 2.0 authentication and authorization on; the load runs as a normal user ({@link BenchAuth}). */
    COMETMQ_ACL("CometMQ, ACL on"),
    /** CometMQ serving Prometheus metrics ({@code metricsExporterType=PROM}), scraped as Prometheus would. */
    COMETMQ_METRICS("CometMQ, metrics on"),
    /** CometMQ's gRPC endpoint ({@code grpcServerPort}), driven by the gRPC SDK 5.0.8 instead of the remoting client. */
    COMETMQ_GRPC("CometMQ, gRPC"),
    /** Apache RocketMQ 5.5.0's proxy in local mode (broker embedded), driven by the same gRPC SDK. */
    APACHE_GRPC("Apache RocketMQ 5.5.0 proxy, gRPC");

    private final String displayName;

    Target(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public boolean acl() {
        return this == COMETMQ_ACL;
    }

    public boolean metrics() {
        return this == COMETMQ_METRICS;
    }

    /** The load goes through the gRPC SDK ({@link GrpcProduceBenchmark}, {@link GrpcConsumeBenchmark}). */
    public boolean grpc() {
        return this == COMETMQ_GRPC || this == APACHE_GRPC;
    }

    /** An Apache RocketMQ peer (its failure to start is a broken benchmark, not work in progress). */
    public boolean apache() {
        return this == APACHE || this == APACHE_GRPC;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
