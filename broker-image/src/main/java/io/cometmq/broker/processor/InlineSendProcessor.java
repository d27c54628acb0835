package io.cometmq.broker.processor;

import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.GroupTopics;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.header.SendMessageHeaders;
import io.cometmq.protocol.netty.RequestContext;
import io.cometmq.protocol.netty.RequestProcessor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;

/**
 * Runs a send on the thread that read it (its connection's I/O thread) when nothing in it waits on a disk, that is
 * when no topic can be created on its way (a journal fsync and a registration with the NameServers): its topic
 * exists, it is not a retry topic (which may create a dead-letter topic) and not a transaction's half message (the
 * first creates the transaction topics). Any other send goes to the send pool as before. Skipping the pool saves two
 * thread hand-offs per send, to the pool and back to the I/O thread for the response, and lets the server write the
 * responses to everything one read brought in with one flush. The append itself is a short critical section; a
 * SYNC_FLUSH or SYNC_MASTER send returns a future the flush or replication thread completes, so the I/O thread never
 * waits for either.
 */
public final class InlineSendProcessor implements RequestProcessor {

    private final RequestProcessor send;
    private final Executor pool;
    private final Predicate<String> topicExists;

    /**
     * @param send        the send processor
     * @param pool        where sends that may create a topic run
     * @param topicExists whether a topic is already configured on this broker
     */
    public InlineSendProcessor(RequestProcessor send, Executor pool, Predicate<String> topicExists) {
        this.send = send;
        this.pool = pool;
        this.topicExists = topicExists;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RequestContext context, RemotingCommand request)
            throws Exception {
        if (inline(request)) {
            return send.process(context, request);
        }
        CompletableFuture<RemotingCommand> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    CompletableFuture<RemotingCommand> result = send.process(context, request);
                    if (result == null) {
                        answer.complete(null);
                    } else {
                        result.whenComplete((response, failure) -> {
                            if (failure != null) {
                                answer.completeExceptionally(failure);
                            } else {
                                answer.complete(response);
                            }
                        });
                    }
                } catch (Exception | Error e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD] too many requests queued, try again later"));
        }
        return answer;
    }

    /** Whether the send cannot create a topic (see the class comment). */
    private boolean inline(RemotingCommand request) {
        String topic = topicOf(request);
        return topic != null && !GroupTopics.isRetryTopic(topic) && !halfMessage(request) && topicExists.test(topic);
    }

    /** A prepared transactional message by its sysFlag; an unreadable flag counts as one (the pool refuses it). */
    static boolean halfMessage(RemotingCommand request) {
        String flag = request.extFields().get(SendMessageHeaders.Request.usesShortNames(request.code()) ? "f"
                : "sysFlag");
        if (flag == null) {
            return false;
        }
        try {
            return SysFlag.transactionType(Integer.parseInt(flag.trim())) == SysFlag.TRANSACTION_PREPARED;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The topic field in the spelling of the request's code, or null when absent (the processor then refuses it). */
    static String topicOf(RemotingCommand request) {
        Map<String, String> fields = request.extFields();
        if (fields == null) {
            return null;
        }
        return fields.get(SendMessageHeaders.Request.usesShortNames(request.code()) ? "b" : "topic");
    }
}
