package io.cometmq.operator.model;

/** A spec the schema let through but the operator cannot act on: a CamelCase reason and one sentence. */
public record SpecProblem(String reason, String message) {}
