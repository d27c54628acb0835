/** JSON request and response bodies (routes, registrations, topic lists), shaped as RocketMQ peers expect. */
package io.cometmq.protocol.body;
