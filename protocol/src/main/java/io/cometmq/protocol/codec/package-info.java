/** Bytes to commands and back: framing with hard limits, JSON and ROCKETMQ header encodings. */
package io.cometmq.protocol.codec;
