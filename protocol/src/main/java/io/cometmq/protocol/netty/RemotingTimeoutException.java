package io.cometmq.protocol.netty;

/** No response arrived within the request's timeout. */
public class RemotingTimeoutException extends RemotingException {

    public RemotingTimeoutException(String message) {
        super(message);
    }
}
