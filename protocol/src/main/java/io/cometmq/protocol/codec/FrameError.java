package io.cometmq.protocol.codec;

import io.cometmq.protocol.RemotingCommand;

/**
 * What the frame decoder emits instead of a command when the bytes are bad. The handler answers
 * {@link #identified()} with an error when it is known, and closes the connection when {@link #mustClose()}.
 *
 * @param reason     one sentence for the log and the error remark
 * @param identified the offending request's header fields, or null when the sender could not be identified
 * @param mustClose  true when the byte stream can no longer be split into frames
 */
public record FrameError(String reason, RemotingCommand identified, boolean mustClose) {
}
