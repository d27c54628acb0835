package io.cometmq.operator.crd;

/** How hard the operator spreads the pods of one NameServer set or broker group across nodes. */
public enum AntiAffinityMode { none, preferred, required }
