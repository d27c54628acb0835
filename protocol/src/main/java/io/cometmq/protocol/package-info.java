/** The RocketMQ remoting command model: one frame, its codes and header encodings. */
package io.cometmq.protocol;
