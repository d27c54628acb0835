package io.cometmq.broker.grpc;

import apache.rocketmq.v2.Code;

/** A refusal with the RocketMQ status code the client is to see (e.g. ILLEGAL_INVISIBLE_TIME). */
public final class GrpcException extends RuntimeException {

    private final Code code;

    public GrpcException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
