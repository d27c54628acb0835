package io.cometmq.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Annotation keys the operator reads (on a BrokerCluster) or writes (on what it creates). */
public final class Annotations {
    /** On a BrokerCluster: "true" stops every change; status says so. */
    public static final String PAUSE = "cometmq.io/pause-reconciliation";
    /** On a BrokerCluster: comma-separated group indices to make read-only and drain before removal. */
    public static final String DRAIN_GROUP = "cometmq.io/drain-group";
    /** On a BrokerCluster: a pod to make master of its group (switchover); removed when done. */
    public static final String PROMOTE = "cometmq.io/promote";
    /** On pod templates: hash of the rendered config file, so a config change rolls the pods. */
    public static final String CONFIG_HASH = "cometmq.io/config-hash";
    /** On pod templates of a cluster with authentication: hash of the broker-security Secret's data (not the data). */
    public static final String CREDENTIALS_HASH = "cometmq.io/credentials-hash";
    /** On pod templates of a cluster with TLS: hash of the trusted CA certificate; a new CA rolls the pods. */
    public static final String CA_HASH = "cometmq.io/ca-hash";
    /** On every owned object: hash of what the operator last wanted, to update only on change. */
    public static final String DESIRED_HASH = "cometmq.io/desired-hash";

    private Annotations() {}

    /** Whether {@link #PAUSE} is "true" on this object. */
    public static boolean paused(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSE));
    }
}
