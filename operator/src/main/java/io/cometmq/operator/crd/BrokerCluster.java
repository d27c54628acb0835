package io.cometmq.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One CometMQ cluster: NameServers plus broker groups. The CRD YAML in {@code crds/} is generated from
 * this class and its spec/status types; printer columns make {@code kubectl get bc} useful at a glance.
 */
@Group(BrokerCluster.GROUP)
@Version(BrokerCluster.VERSION)
@ShortNames({"bc", "cmq"})
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "NameServers", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.nameServers")
@AdditionalPrinterColumn(name = "Groups", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.groupsReady")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.phase")
// after Phase: with many groups it is the longest column
@AdditionalPrinterColumn(name = "Masters", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.masters")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
// -o wide only (priority 1), after Age as kubectl's own wide columns are: what SDK users dial, but long
@AdditionalPrinterColumn(name = "gRPC", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.grpcEndpoint", priority = 1)
// -o wide only: the namesrvAddr of clients outside the cluster (spec.externalAccess)
@AdditionalPrinterColumn(name = "External", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.externalAccess.nameServerAddress", priority = 1)
public class BrokerCluster extends CustomResource<BrokerClusterSpec, BrokerClusterStatus> implements Namespaced {
    public static final String GROUP = "cometmq.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected BrokerClusterSpec initSpec() {
        return new BrokerClusterSpec();
    }
}
