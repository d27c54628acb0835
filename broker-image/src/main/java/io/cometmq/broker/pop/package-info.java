/**
 * POP consumption (RocketMQ 5): pop with an invisible time, ack by receipt handle, redelivery through the revive log
 * and the retry topic, FIFO pops. Shared by remoting POP clients and the gRPC endpoint.
 */
package io.cometmq.broker.pop;
