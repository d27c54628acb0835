package io.cometmq.protocol.body;

import java.util.List;
import java.util.Map;

/** GET_ROUTEINFO_BY_TOPIC answer: which broker groups hold a topic and where they are. */
public record TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas,
        Map<String, List<String>> filterServerTable, String orderTopicConf) {

    public TopicRouteData {
        queueDatas = queueDatas == null ? List.of() : queueDatas;
        brokerDatas = brokerDatas == null ? List.of() : brokerDatas;
        filterServerTable = filterServerTable == null ? Map.of() : filterServerTable;
    }
}
