package io.cometmq.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * TCP probes on the remoting port. A startup probe covers commit-log recovery after a crash (minutes on
 * a big store), so liveness can stay strict without killing a broker that is still recovering.
 */
public final class Probes {
    private Probes() {}

    public static Probe startup(int port) {
        return tcp(port, 5, 10, 60);
    }

    public static Probe readiness(int port) {
        return tcp(port, 0, 10, 3);
    }

    public static Probe liveness(int port) {
        return tcp(port, 0, 20, 6);
    }

    private static Probe tcp(int port, int initialDelay, int period, int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
