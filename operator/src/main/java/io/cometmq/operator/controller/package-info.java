/** The JOSDK reconciler: a table of contents over the reconcile steps, then status. */
package io.cometmq.operator.reconciler;
