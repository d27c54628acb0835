package io.cometmq.broker.grpc.transaction;

import apache.rocketmq.v2.Code;
import io.cometmq.broker.grpc.GrpcException;

/**
 * The transaction id handed to gRPC producers. It names the broker holding the half message and the half
 * message's offsets, so EndTransaction reaches the right broker from any pod without remembered state. Form:
 * {@code <tranStateTableOffset>:<commitLogOffset>:<brokerName>}.
 */
public record TransactionId(String brokerName, long tranStateTableOffset, long commitLogOffset) {

    public String encode() {
        return tranStateTableOffset + ":" + commitLogOffset + ":" + brokerName;
    }

    /** Parses an id this endpoint handed out; anything else is INVALID_TRANSACTION_ID naming the problem. */
    public static TransactionId decode(String id) {
        if (id == null || id.isBlank()) {
            throw new GrpcException(Code.INVALID_TRANSACTION_ID, "transaction_id is empty");
        }
        String[] parts = id.split(":", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw new GrpcException(Code.INVALID_TRANSACTION_ID, "transaction_id '" + id
                    + "' is not <tranStateTableOffset>:<commitLogOffset>:<brokerName>");
        }
        try {
            return new TransactionId(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new GrpcException(Code.INVALID_TRANSACTION_ID, "transaction_id '" + id
                    + "' has a non-numeric offset");
        }
    }
}
