/**
 * The gRPC endpoint for RocketMQ 5 SDKs ({@code apache.rocketmq.v2.MessagingService}): a translator that turns every
 * RPC into the remoting request Apache's proxy would send and dispatches it through the {@code gateway} (in-process
 * for this broker when it is the master, over remoting to other broker groups). Each broker answers for the whole
 * cluster, so SDKs only need the Service address.
 */
package io.cometmq.broker.grpc;
