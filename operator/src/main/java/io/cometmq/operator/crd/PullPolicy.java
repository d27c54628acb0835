package io.cometmq.operator.crd;

/** Kubernetes image pull policy, spelled as in a pod spec. */
public enum PullPolicy { Always, IfNotPresent, Never }
