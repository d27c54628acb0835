/**
 * The BrokerUser reconciler: users and ACLs (RocketMQ ACL 2.0) applied to every master of a cluster through the
 * admin API, signed with the cluster's inner credentials; passwords only ever in Secrets.
 */
package io.cometmq.operator.user;
