package io.cometmq.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.BrokerClusters;
import io.cometmq.operator.crd.BrokerCluster;
import io.cometmq.operator.model.Annotations;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainRequestTest {
    @Test
    void parsesCommaSeparatedGroupsAndIgnoresJunk() {
        BrokerCluster cluster = BrokerClusters.minimal("d");
        cluster.getMetadata().setAnnotations(Map.of(Annotations.DRAIN_GROUP, " 3, 1,x,-2"));
        assertThat(DrainRequest.groups(cluster)).containsExactly(1, 3);
    }

    @Test
    void annotationShrinksAsGroupsAreRemoved() {
        assertThat(DrainRequest.without(Set.of(1, 3), Set.of(3))).isEqualTo("1");
        assertThat(DrainRequest.without(Set.of(3), Set.of(3))).isNull();
    }
}
