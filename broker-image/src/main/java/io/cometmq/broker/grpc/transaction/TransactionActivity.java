package io.cometmq.broker.grpc.transaction;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.EndTransactionRequest;
import apache.rocketmq.v2.EndTransactionResponse;
import apache.rocketmq.v2.RecoverOrphanedTransactionCommand;
import apache.rocketmq.v2.TelemetryCommand;
import apache.rocketmq.v2.TransactionSource;
import io.cometmq.broker.grpc.GrpcException;
import io.cometmq.broker.grpc.GrpcStatuses;
import io.cometmq.broker.grpc.MessageConverter;
import io.cometmq.broker.grpc.client.GrpcClient;
import io.cometmq.broker.grpc.client.GrpcClients;
import io.cometmq.broker.grpc.gateway.RemotingGateway;
import io.cometmq.broker.grpc.route.RouteActivity;
import io.cometmq.broker.store.message.MessageProperties;
import io.cometmq.broker.store.message.StoredMessageView;
import io.cometmq.broker.store.message.SysFlag;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.header.TransactionHeaders;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EndTransaction (END_TRANSACTION to the broker the transaction id names) and the check-back: a broker's
 * CHECK_TRANSACTION_STATE for producer group = topic becomes a RecoverOrphanedTransactionCommand on the telemetry
 * stream of a producer of that topic; its answer comes back as EndTransaction with source SOURCE_SERVER_CHECK.
 */
public final class TransactionActivity {

    private static final Logger log = LoggerFactory.getLogger(TransactionActivity.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final RemotingGateway gateway;

    public TransactionActivity(RemotingGateway gateway) {
        this.gateway = gateway;
    }

    public CompletableFuture<EndTransactionResponse> endTransaction(GrpcClient client,
            EndTransactionRequest request) {
        String topic = RouteActivity.topicName(request.getTopic());
        TransactionId id = TransactionId.decode(request.getTransactionId());
        int resolution = switch (request.getResolution()) {
            case COMMIT -> SysFlag.TRANSACTION_COMMIT;
            case ROLLBACK -> SysFlag.TRANSACTION_ROLLBACK;
            default -> throw new GrpcException(Code.BAD_REQUEST, "resolution must be COMMIT or ROLLBACK, was "
                    + request.getResolution());
        };
        TransactionHeaders.EndTransaction header = new TransactionHeaders.EndTransaction(resolution, topic,
                id.tranStateTableOffset(), id.commitLogOffset(),
                request.getSource() == TransactionSource.SOURCE_SERVER_CHECK, request.getMessageId(),
                request.getMessageId());
        RemotingCommand command = RemotingCommand.request(RequestCode.END_TRANSACTION, header.encode());
        return gateway.invoke(id.brokerName(), client.channel(), command, TIMEOUT_MILLIS).handle((response,
                failure) -> EndTransactionResponse.newBuilder().setStatus(failure != null
                        ? GrpcStatuses.ofFailure(failure) : response == null ? GrpcStatuses.ok()
                        : GrpcStatuses.of(response)).build());
    }

    /**
     * A CHECK_TRANSACTION_STATE from a broker: asks {@code preferred} (the client whose virtual channel it was
     * written to) or else any producer of the message's topic with an open telemetry stream.
     */
    public void checkBack(GrpcClients clients, GrpcClient preferred, RemotingCommand request) {
        try {
            TransactionHeaders.CheckTransactionState header = TransactionHeaders.CheckTransactionState.decode(request);
            List<StoredMessageView> records = MessageConverter.records(request.body());
            if (records.isEmpty()) {
                log.warn("transaction check-back without a message, dropped");
                return;
            }
            StoredMessageView half = records.get(0);
            String topic = Optional.ofNullable(half.property(MessageProperties.REAL_TOPIC)).orElse(half.topic());
            Optional<GrpcClient> target = preferred != null && preferred.telemetry() != null
                    ? Optional.of(preferred) : clients.producerOf(topic);
            if (target.isEmpty()) {
                log.debug("no gRPC producer of topic {} to ask about a transaction", topic);
                return;
            }
            String brokerName = header.bname() != null ? header.bname() : gateway.localBrokerName();
            TransactionId id = new TransactionId(brokerName, header.tranStateTableOffset(), header.commitLogOffset());
            TelemetryCommand command = TelemetryCommand.newBuilder()
                    .setRecoverOrphanedTransactionCommand(RecoverOrphanedTransactionCommand.newBuilder()
                            .setTransactionId(id.encode())
                            .setMessage(MessageConverter.toMessage(half, topic, brokerName, null, 0)))
                    .build();
            if (!target.get().send(command)) {
                log.debug("cannot ask gRPC client {} about a transaction: its stream is closed",
                        target.get().clientId());
            }
        } catch (RuntimeException e) {
            log.warn("cannot forward a transaction check-back to a gRPC producer", e);
        }
    }
}
