/**
 * The CometMQ broker: configuration, the command-line entry point, and the assembly: {@link
 * io.cometmq.broker.BrokerServer} (start order), {@link io.cometmq.broker.BrokerRequestTable} (request code to
 * handler), {@link io.cometmq.broker.Lifecycle} (stop in reverse) and {@link io.cometmq.broker.RoleController}
 * (master/slave changes).
 */
package io.cometmq.broker;
