package io.cometmq.broker.store.queue;

/** Builds a derived structure (consume queue, key index) from commit-log records, in log order. */
public interface CommitLogDispatcher {
    void dispatch(DispatchRequest request);
}
