/** Pure desired-state builders: names, labels, rendered configs, StatefulSets, Services and PDBs. No client calls. */
package io.cometmq.operator.model;
