package io.cometmq.protocol.netty;

import io.cometmq.protocol.RemotingCommand;

/**
 * Decides, before a request's processor runs, whether it may run at all (authentication and authorization). It
 * runs on the processor's executor, never on an I/O thread.
 */
@FunctionalInterface
public interface RequestGuard {

    /** Lets everything through. */
    RequestGuard ALLOW_ALL = (context, request) -> null;

    /**
     * Returns null to let the request through, or the response that refuses it (e.g. NO_PERMISSION with Apache's
     * remark); the endpoint sends that response and never calls the processor.
     */
    RemotingCommand check(RequestContext context, RemotingCommand request);
}
