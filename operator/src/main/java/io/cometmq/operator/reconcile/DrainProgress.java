package io.cometmq.operator.reconcile;

/** Where a group's drain stands after this reconcile. {@code backlog} is null unless it was measured. */
public record DrainProgress(int group, State state, Long backlog, String message) {
    public enum State { Draining, Drained, Failed }

    public boolean drained() { return state == State.Drained; }
}
