package io.cometmq.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.remoting.protocol.RemotingSysResponseCode;
import org.junit.jupiter.api.Test;

/** Our code names are Apache RocketMQ 5.3.3's: the label values of rocketmq_rpc_latency must match Apache's. */
class ApacheCodeNamesTest {

    /** CometMQ's own request codes (PROMOTE_SLAVE_TO_MASTER, DEMOTE_MASTER_TO_SLAVE), outside Apache's ranges. */
    private static final int COMETMQ_EXTENSIONS = 30_000;
    private static final int COMETMQ_EXTENSIONS_END = 40_000;

    private static boolean extension(int code) {
        return code >= COMETMQ_EXTENSIONS && code < COMETMQ_EXTENSIONS_END;
    }

    @Test
    void everyRequestCodeWeHandleHasApachesNameForTheSameNumber() {
        Map<Integer, String> ours = ApacheCodeNames.namesOf(RequestCode.class);
        Map<Integer, String> apache = ApacheCodeNames.namesOf(org.apache.rocketmq.remoting.protocol.RequestCode.class);
        Map<Integer, String> differing = new TreeMap<>();
        ours.forEach((code, name) -> {
            if (!extension(code) && !name.equals(apache.get(code))) {
                differing.put(code, name + " (Apache: " + apache.get(code) + ")");
            }
        });
        assertThat(differing).isEmpty();
        ours.keySet().stream().filter(ApacheCodeNamesTest::extension)
                .forEach(code -> assertThat(apache).doesNotContainKey(code));
    }

    @Test
    void everyResponseCodeHasApachesName() {
        Map<Integer, String> apache = new TreeMap<>(ApacheCodeNames.namesOf(RemotingSysResponseCode.class));
        apache.putAll(ApacheCodeNames.namesOf(org.apache.rocketmq.remoting.protocol.ResponseCode.class));
        Map<Integer, String> differing = new TreeMap<>();
        ApacheCodeNames.namesOf(ResponseCode.class).forEach((code, name) -> {
            if (!name.equals(apache.get(code))) {
                differing.put(code, name + " (Apache: " + apache.get(code) + ")");
            }
        });
        assertThat(differing).isEmpty();
    }

    @Test
    void labelValuesAreLowerCaseNamesAndUnknownCodesTheirNumber() {
        assertThat(ApacheCodeNames.request(RequestCode.SEND_MESSAGE_V2)).isEqualTo("send_message_v2");
        assertThat(ApacheCodeNames.request(RequestCode.PULL_MESSAGE)).isEqualTo("pull_message");
        assertThat(ApacheCodeNames.request(RequestCode.PROMOTE_SLAVE_TO_MASTER)).isEqualTo("promote_slave_to_master");
        assertThat(ApacheCodeNames.request(7777)).isEqualTo("7777");
        assertThat(ApacheCodeNames.response(ResponseCode.PULL_NOT_FOUND)).isEqualTo("pull_not_found");
        assertThat(ApacheCodeNames.response(ResponseCode.SUCCESS)).isEqualTo("success");
        assertThat(ApacheCodeNames.response(9999)).isEqualTo("9999");
    }
}
