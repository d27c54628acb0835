package io.cometmq.broker.grpc;

import apache.rocketmq.v2.Code;
import apache.rocketmq.v2.Status;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.ResponseCode;

/** Building response statuses, and Apache's proxy mapping of remoting response codes to gRPC codes. */
public final class GrpcStatuses {

    private GrpcStatuses() {
    }

    public static Status ok() {
        return status(Code.OK, "OK");
    }

    public static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code).setMessage(message == null ? "" : message).build();
    }

    /** The status for a remoting response: SUCCESS is OK, others as Apache's proxy maps them, with the remark. */
    public static Status of(RemotingCommand response) {
        if (response == null) {
            return status(Code.INTERNAL_SERVER_ERROR, "no response from the broker");
        }
        return status(code(response.code()), response.code() == ResponseCode.SUCCESS ? "OK"
                : "CODE: " + response.code() + "  DESC: " + response.remark());
    }

    public static Code code(int remotingCode) {
        return switch (remotingCode) {
            case ResponseCode.SUCCESS -> Code.OK;
            case ResponseCode.SYSTEM_BUSY -> Code.TOO_MANY_REQUESTS;
            case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> Code.NOT_IMPLEMENTED;
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> Code.CONSUMER_GROUP_NOT_FOUND;
            case ResponseCode.TOPIC_NOT_EXIST -> Code.TOPIC_NOT_FOUND;
            case ResponseCode.NO_PERMISSION -> Code.FORBIDDEN;
            case ResponseCode.MESSAGE_ILLEGAL -> Code.MESSAGE_CORRUPTED;
            default -> Code.INTERNAL_SERVER_ERROR;
        };
    }

    /** A failure of the translation itself (broker unreachable, timeout, malformed answer). */
    public static Status ofFailure(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GrpcException grpc) {
            return status(grpc.code(), grpc.getMessage());
        }
        if (cause instanceof io.cometmq.protocol.netty.RemotingTimeoutException) {
            return status(Code.PROXY_TIMEOUT, String.valueOf(cause.getMessage()));
        }
        if (cause instanceof IllegalArgumentException) {
            return status(Code.BAD_REQUEST, cause.getMessage());
        }
        return status(Code.INTERNAL_SERVER_ERROR, String.valueOf(cause.getMessage() != null ? cause.getMessage()
                : cause));
    }
}
