package io.cometmq.protocol.netty;

import io.cometmq.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;

/** Handles one family of request codes. */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * Handles {@code request}. Returns the response, or a future of it for requests answered later (long polling);
     * a null response means "answer nothing" (used for oneway requests). A thrown exception becomes a
     * SYSTEM_ERROR response whose remark is the exception's message.
     */
    CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request) throws Exception;

    /** Adapts a processor that always answers immediately. */
    static RequestProcessor sync(SyncRequestProcessor processor) {
        return (context, request) -> CompletableFuture.completedFuture(processor.process(context, request));
    }

    /** A processor that computes its response on the calling thread. */
    @FunctionalInterface
    interface SyncRequestProcessor {
        RemotingCommand process(RequestContext context, RemotingCommand request) throws Exception;
    }
}
