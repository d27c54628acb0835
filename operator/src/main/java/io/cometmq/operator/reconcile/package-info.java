/** Applies desired objects to the cluster (create-or-update by hash), orders rolls and guards scale-down. */
package io.cometmq.operator.reconcile;
