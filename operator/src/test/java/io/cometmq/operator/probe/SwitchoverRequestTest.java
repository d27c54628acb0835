package io.cometmq.operator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import io.cometmq.operator.model.Names;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchoverRequestTest {
    final BrokerCluster cluster = BrokerClusters.withSlaves("c", 12, 2);
    final Names names = new Names("c", BrokerClusters.NAMESPACE, Names.DEFAULT_CLUSTER_DOMAIN);

    SwitchoverRequest request(String value) {
        cluster.getMetadata().setAnnotations(value == null ? null : Map.of(Annotations.PROMOTE, value));
        return SwitchoverRequest.of(cluster, names);
    }

    @Test
    void podsAreMatchedToTheirGroupsByName() {
        SwitchoverRequest r = request("c-broker-1-slave-0, c-broker-10-master-0");
        assertThat(r.targets()).containsExactly(Map.entry(1, "c-broker-1-slave-0"), Map.entry(10, "c-broker-10-master-0"));
        assertThat(r.invalid()).isEmpty();
    }

    @Test
    void namesOutsideTheClusterAndASecondPodOfOneGroupAreInvalid() {
        SwitchoverRequest r = request("c-broker-0-slave-0,c-broker-0-slave-1,c-broker-12-slave-0,other-broker-0-slave-0,"
                + "c-broker-0-slave-x,c-nameserver-0");
        assertThat(r.targets()).containsExactly(Map.entry(0, "c-broker-0-slave-0"));
        assertThat(r.invalid()).containsExactly("c-broker-0-slave-1", "c-broker-12-slave-0", "other-broker-0-slave-0",
                "c-broker-0-slave-x", "c-nameserver-0");
    }

    @Test
    void noAnnotationNoRequest() {
        assertThat(request(null)).isEqualTo(new SwitchoverRequest(Map.of(), List.of()));
    }

    @Test
    void finishedTargetsLeaveTheAnnotation() {
        assertThat(SwitchoverRequest.without("a, b", List.of("a"))).isEqualTo("b");
        assertThat(SwitchoverRequest.without("a", List.of("a"))).isNull();
    }
}
