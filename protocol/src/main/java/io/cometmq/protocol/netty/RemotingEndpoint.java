package io.cometmq.protocol.netty;

import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;
import io.cometmq.protocol.auth.RequestSignature;
import io.cometmq.protocol.auth.SessionCredentials;
import io.cometmq.protocol.codec.FrameError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What servers and clients share: both sides can send requests and answer them over the same connection
 * (a broker asks a producer to check a transaction, for example). Requests are dispatched by code to a
 * {@link ProcessorTable}; responses complete the matching {@link PendingResponses} entry.
 */
public abstract class RemotingEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RemotingEndpoint.class);

    protected final ProcessorTable processors = new ProcessorTable();
    protected final PendingResponses pending = new PendingResponses();
    private final List<ChannelEventListener> closeListeners = new CopyOnWriteArrayList<>();
    private final CommandHandler handler = new CommandHandler();
    private volatile RequestGuard guard = RequestGuard.ALLOW_ALL;
    private volatile RequestObserver observer = RequestObserver.NONE;
    private volatile SessionCredentials signer;

    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        processors.register(code, processor, executor);
    }

    /** Handles every code without its own processor (e.g. to answer REQUEST_CODE_NOT_SUPPORTED differently). */
    public void registerDefaultProcessor(RequestProcessor processor, Executor executor) {
        processors.registerDefault(processor, executor);
    }

    /** Checks every incoming request before its processor runs (authentication, authorization). */
    public void setRequestGuard(RequestGuard guard) {
        this.guard = guard == null ? RequestGuard.ALLOW_ALL : guard;
    }

    /** Told once about every handled request (request latency metrics); null observes nothing. */
    public void setRequestObserver(RequestObserver observer) {
        this.observer = observer == null ? RequestObserver.NONE : observer;
    }

    /**
     * Signs every request this endpoint sends from now on as Apache's {@code AclClientRPCHook} does (AccessKey +
     * Signature), e.g. with a broker's inner credentials; null stops signing.
     */
    public void signRequestsWith(SessionCredentials credentials) {
        this.signer = credentials;
    }

    public void addCloseListener(ChannelEventListener listener) {
        closeListeners.add(listener);
    }

    /** Sends a request on an open channel; the future completes with the response or a {@link RemotingException}. */
    public CompletableFuture<RemotingCommand> invoke(Channel channel, RemotingCommand request, long timeoutMillis) {
        sign(request);
        CompletableFuture<RemotingCommand> future = pending.register(channel, request, timeoutMillis);
        channel.writeAndFlush(request).addListener((ChannelFutureListener) write -> {
            if (!write.isSuccess()) {
                pending.fail(request.opaque(), new RemotingException("cannot send request code " + request.code()
                        + " to " + RequestContext.addressString(channel.remoteAddress()), write.cause()));
            }
        });
        return future;
    }

    /** Sends a request nobody answers. The future completes when the bytes are written. */
    public CompletableFuture<Void> invokeOneway(Channel channel, RemotingCommand request) {
        request.markOneway();
        sign(request);
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(request).addListener((ChannelFutureListener) write -> {
            if (write.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(new RemotingException("cannot send oneway request code "
                        + request.code() + " to " + RequestContext.addressString(channel.remoteAddress()),
                        write.cause()));
            }
        });
        return written;
    }

    /**
     * Runs {@code request} through the processor registered for its code, on that processor's executor, as if it had
     * arrived on {@code channel} (e.g. a virtual channel standing for a gRPC client), and hands back the response
     * instead of writing it. The request guard is skipped (the caller authenticated the request its own way) unless
     * {@code guarded}: then a refusal of the guard is the response, as for a request from the network. The future
     * completes with null for a request the processor does not answer (oneway), with a REQUEST_CODE_NOT_SUPPORTED
     * or SYSTEM_BUSY response when nobody takes it, and with a SYSTEM_ERROR response when the processor fails.
     */
    public CompletableFuture<RemotingCommand> dispatchLocally(Channel channel, RemotingCommand request) {
        return dispatchLocally(channel, request, false);
    }

    /** {@link #dispatchLocally(Channel, RemotingCommand)}, through the request guard when {@code guarded}. */
    public CompletableFuture<RemotingCommand> dispatchLocally(Channel channel, RemotingCommand request,
            boolean guarded) {
        long decoded = System.nanoTime();
        ProcessorTable.Entry entry = processors.lookup(request.code());
        if (entry == null) {
            return CompletableFuture.completedFuture(RemotingCommand.responseTo(request,
                    ResponseCode.REQUEST_CODE_NOT_SUPPORTED, " request type " + request.code() + " not supported"));
        }
        CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
        try {
            entry.executor().execute(() -> {
                RequestContext context = new RequestContext(channel);
                CompletableFuture<RemotingCommand> response;
                try {
                    RemotingCommand refusal = guarded ? guard.check(context, request) : null;
                    response = refusal != null ? CompletableFuture.completedFuture(refusal)
                            : entry.processor().process(context, request);
                } catch (Exception | Error e) {
                    response = CompletableFuture.failedFuture(e);
                }
                if (response == null) {
                    result.complete(null);
                    return;
                }
                response.whenComplete((answer, failure) -> {
                    RemotingCommand reply = answer;
                    if (failure != null) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure;
                        reply = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                                String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
                    }
                    if (reply != null) {
                        observe(request.code(), reply.code(), decoded, context.longPolling(),
                                RequestObserver.Result.SUCCESS);
                    }
                    result.complete(reply);
                });
            });
        } catch (RejectedExecutionException e) {
            result.complete(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD] too many requests queued, try again later"));
        }
        return result;
    }

    private void sign(RemotingCommand request) {
        SessionCredentials credentials = signer;
        if (credentials != null) {
            RequestSignature.sign(request, credentials);
        }
    }

    protected CommandHandler handler() {
        return handler;
    }

    /** Reads commands and frame errors off every channel of this endpoint. */
    @Sharable
    protected final class CommandHandler extends SimpleChannelInboundHandler<Object> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof RemotingCommand command) {
                if (command.isResponse()) {
                    if (!pending.complete(command)) {
                        log.debug("dropping response with unknown opaque {} from {}", command.opaque(),
                                RequestContext.addressString(ctx.channel().remoteAddress()));
                    }
                } else {
                    dispatch(ctx.channel(), command, System.nanoTime());
                }
            } else if (message instanceof FrameError error) {
                onFrameError(ctx.channel(), error);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            pending.failAll(ctx.channel());
            for (ChannelEventListener listener : closeListeners) {
                try {
                    listener.onChannelClosed(ctx.channel());
                } catch (RuntimeException e) {
                    log.warn("close listener failed for {}", ctx.channel(), e);
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                log.info("closing idle connection {}", RequestContext.addressString(ctx.channel().remoteAddress()));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("closing connection {} after error: {}",
                    RequestContext.addressString(ctx.channel().remoteAddress()), cause.toString());
            ctx.close();
        }
    }

    private void onFrameError(Channel channel, FrameError error) {
        String peer = RequestContext.addressString(channel.remoteAddress());
        RemotingCommand identified = error.identified();
        if (identified != null && !identified.isResponse()) {
            log.warn("bad frame from {} (request code {}, opaque {}): {}", peer, identified.code(),
                    identified.opaque(), error.reason());
            reply(channel, identified, RemotingCommand.responseTo(identified, ResponseCode.SYSTEM_ERROR,
                    error.reason()), System.nanoTime(), null);
        } else {
            log.warn("bad frame from {}: {}", peer, error.reason());
        }
        if (error.mustClose()) {
            log.warn("closing connection {}: its byte stream cannot be split into frames any more", peer);
            channel.close();
        }
    }

    /** {@code decoded}: System.nanoTime() when the request arrived, the start of its latency. */
    private void dispatch(Channel channel, RemotingCommand request, long decoded) {
        ProcessorTable.Entry entry = processors.lookup(request.code());
        if (entry == null) {
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"), decoded, null);
            return;
        }
        try {
            entry.executor().execute(() -> run(entry.processor(), channel, request, decoded));
        } catch (RejectedExecutionException e) {
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD] too many requests queued, try again later"), decoded, null);
        } catch (RuntimeException e) {
            observe(request.code(), ResponseCode.SYSTEM_ERROR, decoded, false,
                    RequestObserver.Result.PROCESS_REQUEST_FAILED);
            throw e;
        }
    }

    private void run(RequestProcessor processor, Channel channel, RemotingCommand request, long decoded) {
        CompletableFuture<RemotingCommand> response;
        RequestContext context = new RequestContext(channel);
        try {
            RemotingCommand refusal = guard.check(context, request);
            response = refusal != null ? CompletableFuture.completedFuture(refusal)
                    : processor.process(context, request);
        } catch (Exception | Error e) {
            response = CompletableFuture.failedFuture(e);
        }
        if (response == null) {
            if (request.isOneway()) {
                observe(request.code(), ResponseCode.SUCCESS, decoded, false, RequestObserver.Result.ONEWAY);
            }
            return;
        }
        response.whenComplete((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause()
                        != null ? failure.getCause() : failure;
                if (!(cause instanceof IllegalArgumentException)) {
                    log.warn("request code {} from {} failed", request.code(),
                            RequestContext.addressString(channel.remoteAddress()), cause);
                }
                if (request.isOneway()) {
                    observe(request.code(), ResponseCode.SYSTEM_ERROR, decoded, context.longPolling(),
                            RequestObserver.Result.PROCESS_REQUEST_FAILED);
                    return;
                }
                reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR,
                        String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause)), decoded, context);
            } else if (answer != null || request.isOneway()) {
                reply(channel, request, answer, decoded, context);
            }
        });
    }

    /**
     * Writes a response unless the request was oneway (a oneway request is only observed); the response inherits
     * opaque and header encoding. {@code context} is null when no processor saw the request.
     */
    private void reply(Channel channel, RemotingCommand request, RemotingCommand response, long decoded,
            RequestContext context) {
        boolean longPolling = context != null && context.longPolling();
        if (request.isOneway()) {
            observe(request.code(), response == null ? ResponseCode.SUCCESS : response.code(), decoded, longPolling,
                    RequestObserver.Result.ONEWAY);
            return;
        }
        response.opaque(request.opaque()).flag(response.flag() | 1).serializeType(request.serializeType());
        channel.writeAndFlush(response).addListener((ChannelFutureListener) write -> {
            observe(request.code(), response.code(), decoded, longPolling, write.isSuccess()
                    ? RequestObserver.Result.SUCCESS : RequestObserver.Result.WRITE_CHANNEL_FAILED);
            if (!write.isSuccess()) {
                log.debug("cannot answer request code {} to {}: {}", request.code(),
                        RequestContext.addressString(channel.remoteAddress()), String.valueOf(write.cause()));
            }
        });
    }

    private void observe(int requestCode, int responseCode, long decoded, boolean longPolling,
            RequestObserver.Result result) {
        try {
            observer.onRequest(requestCode, responseCode, System.nanoTime() - decoded, longPolling, result);
        } catch (RuntimeException e) {
            log.warn("request observer failed for request code {}", requestCode, e);
        }
    }
}
