package io.cometmq.broker.store.message;

import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagePropertiesTest {

    @Test
    void ourEncodingIsReadBackByApacheAndTheOtherWayRound() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("TAGS", "TagA");
        properties.put("KEYS", "k1 k2");
        properties.put("UNIQ_KEY", "0A000001000018B4AAC2000000000000");
        properties.put("unicode", "héllo wörld");

        String ours = MessageProperties.encode(properties);

        assertThat(MessageDecoder.string2messageProperties(ours)).isEqualTo(properties);
        assertThat(MessageProperties.decode(MessageDecoder.messageProperties2String(properties)))
                .isEqualTo(properties);
    }

    @Test
    void decodingFollowsApacheRulesForMalformedSegmentsAndDuplicates() {
        String encoded = "a\u0001b\u0002xx\u0002\u0001v\u0002k\u0001\u0002a\u0001c\u0002";
        assertThat(MessageProperties.decode(encoded)).isEqualTo(new HashMap<>(
                MessageDecoder.string2messageProperties(encoded))).containsEntry("a", "c");
    }

    @Test
    void valueOfFindsWholeNamesOnlyAndTheLastDuplicate() {
        String encoded = "XTAGS\u0001no\u0002TAGS\u0001first\u0002TAGS\u0001last\u0002";
        assertThat(MessageProperties.valueOf(encoded, "TAGS")).isEqualTo("last");
        assertThat(MessageProperties.valueOf(encoded, "KEYS")).isNull();
        assertThat(MessageProperties.valueOf("", "TAGS")).isNull();
    }

    @Test
    void appendAddsTheMissingTerminatorOfAnOldClientString() {
        String appended = MessageProperties.append("a\u0001b", "UNIQ_KEY", "X");
        assertThat(MessageDecoder.string2messageProperties(appended)).containsEntry("a", "b")
                .containsEntry("UNIQ_KEY", "X");
    }

    @Test
    void nullValuesAreLeftOutAndSeparatorsRejected() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThat(MessageProperties.encode(withNull)).isEmpty();
        assertThatThrownBy(() -> MessageProperties.encode(Map.of("a", "b\u0002"))).hasMessageContaining("separator");
    }
}
