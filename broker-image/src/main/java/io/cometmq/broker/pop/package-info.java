/**
 * POP consumption (RocketMQ 5): pop with an invisible time, ack by receipt handle, redelivery through the revive log
 * and the retry topic, FIFO pops. Shared by remoting POP clients and the gRPC endpoint.
 *
 * <p>Requests: {@link io.cometmq.broker.pop.PopMessageProcessor} (with {@link io.cometmq.broker.pop.QueuePopper} per
 * queue and {@link io.cometmq.broker.pop.PopLongPolling}), {@link io.cometmq.broker.pop.AckMessageProcessor},
 * {@link io.cometmq.broker.pop.ChangeInvisibleTimeProcessor}, {@link io.cometmq.broker.pop.NotificationProcessor}.
 * Durable state: {@link io.cometmq.broker.pop.CheckPoint} and {@link io.cometmq.broker.pop.AckRecord} messages in
 * {@code rmq_sys_REVIVE_LOG_<cluster>} (tags {@code ck}, {@code ack}, {@code bAck}; JSON bodies, see the records),
 * written by {@link io.cometmq.broker.pop.ReviveLog} and read back by {@link io.cometmq.broker.pop.ReviveService},
 * whose progress per revive queue is the consumer offset of {@code CID_RMQ_SYS_REVIVE_GROUP}. docs/POP.md has the
 * whole picture.
 */
package io.cometmq.broker.pop;
