package io.cometmq.operator.failover;

import io.cometmq.protocol.config.RoleAssignment;
import java.util.Optional;

/**
 * The durable record of who is master of each group (in Kubernetes the role ConfigMap, which the brokers read).
 * The controller writes it before it sends any broker command, and a failed write means no command.
 */
public interface RoleStore {

    /** The group's assignment; empty while none exists yet (the reconciler creates the first one). */
    Optional<RoleAssignment> load(FailoverGroup group) throws Exception;

    /**
     * Replaces {@code expected} with {@code next}; throws (and changes nothing) when the stored assignment is not
     * {@code expected} any more, so two writers cannot both win.
     */
    void save(FailoverGroup group, RoleAssignment expected, RoleAssignment next) throws Exception;
}
