package io.cometmq.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** What an apply did, with the object as the server returned it and, on update, what it replaced. */
public record ApplyResult<R extends HasMetadata>(R object, Change change, R previous) {
    public enum Change { CREATED, UPDATED, UNCHANGED }

    public boolean changed() { return change != Change.UNCHANGED; }
}
