package io.cometmq.protocol.netty;

import io.cometmq.protocol.RemotingCommand;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Requests we sent and whose response has not arrived yet, keyed by opaque. */
final class PendingResponses {

    private record Pending(Channel channel, CompletableFuture<RemotingCommand> future) {
    }

    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

    /** Registers a request; the future fails with {@link RemotingTimeoutException} after {@code timeoutMillis}. */
    CompletableFuture<RemotingCommand> register(Channel channel, RemotingCommand request, long timeoutMillis) {
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        int opaque = request.opaque();
        pending.put(opaque, new Pending(channel, future));
        channel.eventLoop().schedule(() -> {
            if (future.completeExceptionally(new RemotingTimeoutException("no response to request code "
                    + request.code() + " from " + RequestContext.addressString(channel.remoteAddress())
                    + " within " + timeoutMillis + " ms"))) {
                pending.remove(opaque);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return future;
    }

    /** Completes the request the response answers; false when none is waiting (late or unknown opaque). */
    boolean complete(RemotingCommand response) {
        Pending entry = pending.remove(response.opaque());
        return entry != null && entry.future().complete(response);
    }

    void fail(int opaque, Throwable cause) {
        Pending entry = pending.remove(opaque);
        if (entry != null) {
            entry.future().completeExceptionally(cause);
        }
    }

    /** Fails every request still waiting on a channel that just closed, instead of letting them time out. */
    void failAll(Channel channel) {
        pending.entrySet().removeIf(entry -> {
            if (entry.getValue().channel() == channel) {
                entry.getValue().future().completeExceptionally(new RemotingException("connection to "
                        + RequestContext.addressString(channel.remoteAddress()) + " closed before the response"));
                return true;
            }
            return false;
        });
    }

    int size() {
        return pending.size();
    }

    static boolean isTimeout(Throwable t) {
        return t instanceof RemotingTimeoutException || t instanceof TimeoutException;
    }
}
