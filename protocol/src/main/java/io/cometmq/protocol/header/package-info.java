/** Typed request and response headers, mapped to and from a command's string ext fields. */
package io.cometmq.protocol.header;
