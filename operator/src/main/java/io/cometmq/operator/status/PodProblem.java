package io.cometmq.operator.status;

/**
 * A pod (or a StatefulSet that cannot create its pods) in trouble, as the Degraded condition reports it.
 *
 * @param reason the Degraded reason, one of the {@link PodHealth} reasons
 * @param subject the pod or StatefulSet name
 * @param message one bounded sentence naming the subject and what Kubernetes says about it
 */
public record PodProblem(String reason, String subject, String message) {}
