/**
 * Typed request and response headers, mapped to and from a command's string ext fields with the field names
 * RocketMQ uses (the send header's V2 one-letter names included). One class per request family holds a record per
 * header, each with {@code decode(RemotingCommand)} and {@code encode()}; {@link io.cometmq.protocol.header.ExtFields}
 * makes a missing or malformed field fail with an error naming it.
 */
package io.cometmq.protocol.header;
