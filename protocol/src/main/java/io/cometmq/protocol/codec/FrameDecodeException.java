package io.cometmq.protocol.codec;

import io.cometmq.protocol.RemotingCommand;

/**
 * A frame that cannot be turned into a command. When the header could be read far enough to know the opaque,
 * {@link #identified()} carries it so the receiver can answer the sender instead of dropping the connection.
 */
public final class FrameDecodeException extends RuntimeException {

    private final transient RemotingCommand identified;

    public FrameDecodeException(String message, RemotingCommand identified) {
        super(message);
        this.identified = identified;
    }

    public FrameDecodeException(String message, Throwable cause) {
        super(message, cause);
        this.identified = null;
    }

    /** The partially decoded command (code, opaque, flag, serialize type), or null if nothing was readable. */
    public RemotingCommand identified() {
        return identified;
    }
}
