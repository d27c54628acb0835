package io.cometmq.broker.grpc;

import apache.rocketmq.v2.AckMessageRequest;
import apache.rocketmq.v2.AckMessageResponse;
import apache.rocketmq.v2.ChangeInvisibleDurationRequest;
import apache.rocketmq.v2.ChangeInvisibleDurationResponse;
import apache.rocketmq.v2.ClientType;
import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueRequest;
import apache.rocketmq.v2.ForwardMessageToDeadLetterQueueResponse;
import apache.rocketmq.v2.GetOffsetRequest;
import apache.rocketmq.v2.GetOffsetResponse;
import apache.rocketmq.v2.HeartbeatRequest;
import apache.rocketmq.v2.HeartbeatResponse;
import apache.rocketmq.v2.MessagingServiceGrpc;
import apache.rocketmq.v2.NotifyClientTerminationRequest;
import apache.rocketmq.v2.NotifyClientTerminationResponse;
import apache.rocketmq.v2.PullMessageRequest;
import apache.rocketmq.v2.PullMessageResponse;
import apache.rocketmq.v2.QueryAssignmentRequest;
import apache.rocketmq.v2.QueryAssignmentResponse;
import apache.rocketmq.v2.QueryOffsetRequest;
import apache.rocketmq.v2.QueryOffsetResponse;
import apache.rocketmq.v2.QueryRouteRequest;
import apache.rocketmq.v2.QueryRouteResponse;
import apache.rocketmq.v2.ReceiveMessageRequest;
import apache.rocketmq.v2.ReceiveMessageResponse;
import apache.rocketmq.v2.SendMessageRequest;
import apache.rocketmq.v2.SendMessageResponse;
import apache.rocketmq.v2.Settings;
import apache.rocketmq.v2.Status;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.UpdateOffsetRequest;
import apache.rocketmq.v2.UpdateOffsetResponse;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.client.GrpcClients;
import io.cometmq.broker.grpc.client.SettingsReply;
import io.cometmq.broker.grpc.consumer.ConsumeActivity;
import io.cometmq.broker.grpc.consumer.HandleRenewer;
import io.cometmq.broker.grpc.consumer.OffsetActivity;
import io.cometmq.broker.grpc.consumer.ReceiveActivity;
import io.cometmq.broker.grpc.producer.SendActivity;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.grpc.transaction.TransactionActivity;
import io.cometmq.broker.meta.SubscriptionGroupConfig;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code apache.rocketmq.v2.MessagingService}: checks the client id, hands each RPC to its activity and turns
 * failures into the response's status (the gRPC status stays OK for business errors, as with Apache's proxy).
 * RPCs not overridden here answer UNIMPLEMENTED at once (grpc-java's default).
 */
public final class MessagingService extends MessagingServiceGrpc.MessagingServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    private final GrpcConfig config;
    private final GrpcClients clients;
    private final RouteActivity route;
    private final SendActivity send;
    private final ReceiveActivity receive;
    private final ConsumeActivity consume;
    private final TransactionActivity transactions;
    private final HandleRenewer renewer;
    private final OffsetActivity offsets;
    private final Function<String, SubscriptionGroupConfig> groups;
    private final Executor handlers;

    /** @param handlers the pool RPCs that may block run on (sends that must look up a route first) */
    public MessagingService(GrpcConfig config, GrpcClients clients, RouteActivity route, SendActivity send,
            ReceiveActivity receive, ConsumeActivity consume, TransactionActivity transactions,
            HandleRenewer renewer, OffsetActivity offsets, Function<String, SubscriptionGroupConfig> groups,
            Executor handlers) {
        this.config = config;
        this.clients = clients;
        this.route = route;
        this.send = send;
        this.receive = receive;
        this.consume = consume;
        this.transactions = transactions;
        this.renewer = renewer;
        this.offsets = offsets;
        this.groups = groups;
        this.handlers = handlers;
    }

    @Override
    public void queryRoute(QueryRouteRequest request, StreamObserver<QueryRouteResponse> stream) {
        unary(stream, (client, r) -> CompletableFuture.completedFuture(route.queryRoute(r)), request,
                status -> QueryRouteResponse.newBuilder().setStatus(status).build(), false);
    }

    @Override
    public void queryAssignment(QueryAssignmentRequest request, StreamObserver<QueryAssignmentResponse> stream) {
        unary(stream, (client, r) -> CompletableFuture.completedFuture(route.queryAssignment(r)), request,
                status -> QueryAssignmentResponse.newBuilder().setStatus(status).build(), false);
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> stream) {
        unary(stream, (client, r) -> {
            if (client.settings() == null) {
                throw new GrpcException(Code.UNRECOGNIZED_CLIENT_TYPE, "cannot find client settings for this client");
            }
            // the client counts as seen; its registration at the brokers is refreshed every 20 s by the endpoint
            return CompletableFuture.completedFuture(HeartbeatResponse.newBuilder().setStatus(GrpcStatuses.ok())
                    .build());
        }, request, status -> HeartbeatResponse.newBuilder().setStatus(status).build(), true);
    }

    /**
     * Runs on the gRPC I/O thread ({@link GrpcEndpoint} hands every other RPC to the handler pool): a send whose
     * route and topic type are cached only queues its requests for this broker's send executor, which saves a
     * thread hand-off per call; one that needs a lookup moves to the handler pool.
     */
    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> stream) {
        unary(stream, (client, r) -> {
            CompletableFuture<SendMessageResponse> sent = send.sendWithoutLookups(client, r);
            return sent != null ? sent
                    : CompletableFuture.supplyAsync(() -> send.send(client, r), handlers).thenCompose(f -> f);
        }, request, status -> SendMessageResponse.newBuilder().setStatus(status).build(), true);
    }

    @Override
    public void receiveMessage(ReceiveMessageRequest request, StreamObserver<ReceiveMessageResponse> stream) {
        try {
            GrpcClient client = client();
            receive.receive(client, request, Context.current().getDeadline(), stream);
        } catch (RuntimeException e) {
            ReceiveActivity.write(stream, java.util.List.of(ReceiveMessageResponse.newBuilder()
                    .setStatus(failure(e)).build()));
        }
    }

    @Override
    public void ackMessage(AckMessageRequest request, StreamObserver<AckMessageResponse> stream) {
        unary(stream, consume::ack, request, status -> AckMessageResponse.newBuilder().setStatus(status).build(),
                true);
    }

    @Override
    public void changeInvisibleDuration(ChangeInvisibleDurationRequest request,
            StreamObserver<ChangeInvisibleDurationResponse> stream) {
        unary(stream, consume::changeInvisible, request,
                status -> ChangeInvisibleDurationResponse.newBuilder().setStatus(status).build(), true);
    }

    @Override
    public void forwardMessageToDeadLetterQueue(ForwardMessageToDeadLetterQueueRequest request,
            StreamObserver<ForwardMessageToDeadLetterQueueResponse> stream) {
        unary(stream, consume::forwardToDeadLetterQueue, request,
                status -> ForwardMessageToDeadLetterQueueResponse.newBuilder().setStatus(status).build(), true);
    }

    @Override
    public void endTransaction(EndTransactionRequest request, StreamObserver<EndTransactionResponse> stream) {
        unary(stream, transactions::endTransaction, request,
                status -> EndTransactionResponse.newBuilder().setStatus(status).build(), true);
    }

    @Override
    public void updateOffset(UpdateOffsetRequest request, StreamObserver<UpdateOffsetResponse> stream) {
        unary(stream, offsets::updateOffset, request, status -> UpdateOffsetResponse.newBuilder().setStatus(status)
                .build(), true);
    }

    @Override
    public void getOffset(GetOffsetRequest request, StreamObserver<GetOffsetResponse> stream) {
        unary(stream, offsets::getOffset, request, status -> GetOffsetResponse.newBuilder().setStatus(status)
                .build(), true);
    }

    @Override
    public void queryOffset(QueryOffsetRequest request, StreamObserver<QueryOffsetResponse> stream) {
        unary(stream, offsets::queryOffset, request, status -> QueryOffsetResponse.newBuilder().setStatus(status)
                .build(), true);
    }

    @Override
    public void pullMessage(PullMessageRequest request, StreamObserver<PullMessageResponse> stream) {
        try {
            offsets.pull(client(), request, stream);
        } catch (RuntimeException e) {
            stream.onNext(PullMessageResponse.newBuilder().setStatus(failure(e)).build());
            stream.onCompleted();
        }
    }

    @Override
    public void notifyClientTermination(NotifyClientTerminationRequest request,
            StreamObserver<NotifyClientTerminationResponse> stream) {
        unary(stream, (client, r) -> {
            terminate(client.clientId());
            return CompletableFuture.completedFuture(NotifyClientTerminationResponse.newBuilder()
                    .setStatus(GrpcStatuses.ok()).build());
        }, request, status -> NotifyClientTerminationResponse.newBuilder().setStatus(status).build(), true);
    }

    /**
     * The client sends its Settings first; the answer is the merged Settings (without it SDKs do not start). The
     * stream then carries server commands (transaction check-backs) until either side closes it.
     */
    @Override
    public StreamObserver<TelemetryCommand> telemetry(StreamObserver<TelemetryCommand> stream) {
        String clientId = ClientMetadata.clientId();
        if (clientId == null || clientId.isBlank()) {
            stream.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(
                    "header x-mq-client-id is missing: the client id is required").asRuntimeException());
            return new NoOpObserver();
        }
        GrpcClient client = withCredentials(clients.get(clientId, ClientMetadata.remote()));
        return new StreamObserver<>() {
            @Override
            public void onNext(TelemetryCommand command) {
                if (!command.hasSettings()) {
                    return; // thread stack traces, verification results: nothing asked them
                }
                Settings settings = command.getSettings();
                if (!settings.hasPublishing() && !settings.hasSubscription()) {
                    stream.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(
                            "settings have neither publishing nor subscription").asRuntimeException());
                    return;
                }
                SubscriptionGroupConfig group = settings.getClientType() == ClientType.PRODUCER ? null
                        : groups.apply(settings.getSubscription().getGroup().getName());
                Settings reply = SettingsReply.of(settings, config, group);
                clients.settings(client, settings, stream);
                client.send(TelemetryCommand.newBuilder().setStatus(GrpcStatuses.ok()).setSettings(reply).build());
            }

            @Override
            public void onError(Throwable t) {
                terminate(clientId);
            }

            @Override
            public void onCompleted() {
                terminate(clientId);
                try {
                    stream.onCompleted();
                } catch (RuntimeException e) {
                    // already closed
                }
            }
        };
    }

    private void terminate(String clientId) {
        renewer.clear(clientId);
        clients.terminate(clientId);
    }

    private GrpcClient client() {
        String clientId = ClientMetadata.clientId();
        if (clientId == null || clientId.isBlank()) {
            throw new GrpcException(Code.CLIENT_ID_REQUIRED, "header x-mq-client-id is missing: the client id is"
                    + " required");
        }
        return withCredentials(clients.get(clientId, ClientMetadata.remote()));
    }

    /** The client's requests are signed as the user this call authenticated as (when authentication is on). */
    private static GrpcClient withCredentials(GrpcClient client) {
        io.cometmq.protocol.auth.SessionCredentials credentials = ClientMetadata.credentials();
        if (credentials != null) {
            client.channel().credentials(credentials);
        }
        return client;
    }

    /** Runs a unary RPC; any failure becomes a response with the matching status. */
    private <Q, R> void unary(StreamObserver<R> stream, BiFunction<GrpcClient, Q, CompletableFuture<R>> activity,
            Q request, Function<Status, R> error, boolean needsClientId) {
        CompletableFuture<R> response;
        try {
            GrpcClient client = needsClientId ? client() : null;
            response = activity.apply(client, request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((answer, failure) -> {
            R out = failure == null ? answer : error.apply(failure(failure));
            try {
                stream.onNext(out);
                stream.onCompleted();
            } catch (RuntimeException e) {
                log.debug("cannot answer a gRPC call (cancelled?): {}", e.toString());
            }
        });
    }

    private static Status failure(Throwable failure) {
        Status status = GrpcStatuses.ofFailure(failure);
        if (status.getCode() == Code.INTERNAL_SERVER_ERROR) {
            log.warn("gRPC request failed", failure);
        }
        return status;
    }

    /** The observer of a stream refused at once. */
    private static final class NoOpObserver implements StreamObserver<TelemetryCommand> {
        @Override
        public void onNext(TelemetryCommand value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
