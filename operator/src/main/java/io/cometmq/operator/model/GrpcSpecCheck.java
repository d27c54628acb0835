package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerClusterSpec;
import io.cometmq.operator.crd.GrpcServiceSpec;
import io.cometmq.operator.crd.GrpcSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * spec.grpc problems (reason InvalidGrpc) for SpecChecker: the gRPC port shares every broker pod with the remoting,
 * replication and metrics ports, and a collision would keep the broker from starting; annotation keys the API server
 * would refuse. The CRD refuses the same ports at admission (schema range, CEL rules); this catches API servers that
 * did not. Each message names the field.
 */
final class GrpcSpecCheck {
    static final String INVALID_GRPC = "InvalidGrpc";

    private GrpcSpecCheck() {}

    static void check(BrokerClusterSpec spec, List<SpecProblem> problems) {
        GrpcSpec grpc = GrpcSpec.of(spec);
        if (!grpc.isEnabled()) {
            return;
        }
        int port = grpc.getPort();
        String clash = clash(port, MonitoringSpec.of(spec));
        if (port < 1 || port > 65535) {
            problems.add(new SpecProblem(INVALID_GRPC, "spec.grpc.port " + port + " is not a port (1-65535)."));
        } else if (clash != null) {
            problems.add(new SpecProblem(INVALID_GRPC, "spec.grpc.port " + port + " is " + clash
                    + " on the same broker pods; choose another port (default " + GrpcSpec.DEFAULT_PORT + ")."));
        }
        GrpcServiceSpec service = grpc.service();
        new TreeMap<>(service.getAnnotations() == null ? Map.<String, String>of() : service.getAnnotations()).keySet()
                .stream()
                .filter(key -> !SpecChecker.isQualifiedName(key))
                .findFirst()
                .ifPresent(key -> problems.add(new SpecProblem(INVALID_GRPC, "spec.grpc.service.annotations: '" + key
                        + "' is not an annotation key (an optional DNS prefix and '/', then at most 63 letters, digits,"
                        + " '-', '_' or '.').")));
    }

    /** What else listens on {@code port} in a broker pod, or null. */
    private static String clash(int port, MonitoringSpec monitoring) {
        if (port == Ports.BROKER_REMOTING) {
            return "the broker's remoting port";
        }
        if (port == Ports.BROKER_HA) {
            return "the broker's replication port";
        }
        if (monitoring.isEnabled() && port == monitoring.getPort()) {
            return "spec.monitoring.port, the metrics endpoint";
        }
        return null;
    }
}
