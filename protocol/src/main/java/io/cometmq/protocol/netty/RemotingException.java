package io.cometmq.protocol.netty;

/** A request that did not get a response: connect failure, send failure, timeout or closed connection. */
public class RemotingException extends Exception {

    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
