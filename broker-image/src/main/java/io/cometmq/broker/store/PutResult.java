package io.cometmq.broker.store;

import io.cometmq.broker.store.commitlog.AppendResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Result of a put or batch put.
 *
 * @param appendResults one per stored message, in order (empty when nothing was stored)
 * @param remark        why the put was refused, for the response remark (null when stored)
 */
public record PutResult(PutStatus status, List<AppendResult> appendResults, String remark) {

    public PutResult {
        appendResults = List.copyOf(appendResults);
    }

    public static PutResult refused(PutStatus status, String remark) {
        return new PutResult(status, List.of(), remark);
    }

    /** The first (or only) message's result, or null when nothing was stored. */
    public AppendResult appendResult() {
        return appendResults.isEmpty() ? null : appendResults.get(0);
    }

    /** Offset message ids joined by ',', what SEND_BATCH_MESSAGE returns as msgId. */
    public String offsetMsgIds() {
        return appendResults.stream().map(AppendResult::offsetMsgId).collect(Collectors.joining(","));
    }
}
