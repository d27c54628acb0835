/** BrokerCluster custom resource: spec, status and the schema, CEL and printer-column annotations the CRD is generated from. */
package io.cometmq.operator.crd;
