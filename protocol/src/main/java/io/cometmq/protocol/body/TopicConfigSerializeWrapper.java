package io.cometmq.protocol.body;

import java.util.Map;

/** The topic section of a broker registration. */
public record TopicConfigSerializeWrapper(Map<String, TopicConfig> topicConfigTable, DataVersion dataVersion,
        Map<String, Object> topicQueueMappingInfoMap, Map<String, Object> topicQueueMappingDetailMap,
        DataVersion mappingDataVersion) {

    public TopicConfigSerializeWrapper {
        topicConfigTable = topicConfigTable == null ? Map.of() : topicConfigTable;
        topicQueueMappingInfoMap = topicQueueMappingInfoMap == null ? Map.of() : topicQueueMappingInfoMap;
        topicQueueMappingDetailMap = topicQueueMappingDetailMap == null ? Map.of() : topicQueueMappingDetailMap;
    }

    public static TopicConfigSerializeWrapper of(Map<String, TopicConfig> topics, DataVersion version) {
        return new TopicConfigSerializeWrapper(topics, version, Map.of(), Map.of(), version);
    }
}
