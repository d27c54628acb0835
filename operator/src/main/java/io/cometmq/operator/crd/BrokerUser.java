package io.cometmq.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A user of one BrokerCluster and its ACL (RocketMQ ACL 2.0), applied by the operator through the brokers' admin API
 * (docs/OPERATOR.md, "Users and ACLs"). The password lives only in a Secret. The CRD YAML in {@code crds/} is
 * generated from this class.
 */
@Group(BrokerCluster.GROUP)
@Version(BrokerCluster.VERSION)
@ShortNames("bu")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.clusterRef")
@AdditionalPrinterColumn(name = "Username", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.username")
@AdditionalPrinterColumn(name = "Type", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.userType")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class BrokerUser extends CustomResource<BrokerUserSpec, BrokerUserStatus> implements Namespaced {

    @Override
    protected BrokerUserSpec initSpec() {
        return new BrokerUserSpec();
    }
}
