/** The route registry: clusters, broker groups, topic queues and broker liveness, with no I/O. */
package io.cometmq.namesrv.route;
