/**
 * The in-cluster test client: a small command line program on the unmodified Apache RocketMQ 5.3.3 client that
 * the end-to-end test runs as a Kubernetes Job (pod DNS names resolve only inside the cluster) and whose pod log it
 * reads. {@link io.cometmq.e2e.client.ClientLine} is the line format both sides agree on.
 */
package io.cometmq.e2e.client;
