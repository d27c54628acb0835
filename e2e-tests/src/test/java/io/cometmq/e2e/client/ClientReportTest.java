package io.cometmq.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class ClientReportTest {

    @Test
    void producerLogGivesAcknowledgedSequencesAndEveryFailure() {
        String log = """
                Picked up JAVA_TOOL_OPTIONS: -Xss1m
                ACK r1-0 7F0000010000 ha-broker-0 1
                SEND_ERROR r1-1 MQBrokerException: CODE: 2 DESC: [TIMEOUT_CLEAN_QUEUE]
                ACK r1-2 7F0000010001 ha-broker-0 2
                SEND_NOT_OK r1-3 SLAVE_NOT_AVAILABLE
                ACK other-4 7F0000010002 ha-broker-0 2
                PRODUCED acked=2 notOk=1 errors=1 attempted=4 seconds=3
                """;
        ClientReport report = ClientReport.parse("r1", log);
        assertThat(report.acked()).hasToString("0,2");
        assertThat(report.sendFailures()).containsExactly(
                "SEND_ERROR r1-1 MQBrokerException: CODE: 2 DESC: [TIMEOUT_CLEAN_QUEUE]",
                "SEND_NOT_OK r1-3 SLAVE_NOT_AVAILABLE");
        assertThat(report.produced()).containsEntry("acked", 2L).containsEntry("attempted", 4L);
        assertThat(report.consumed()).isEmpty();
    }

    @Test
    void consumerLogGivesReceivedAndMissing() {
        String log = """
                RECEIVED r1-0
                RECEIVED r1-2
                RECEIVED someone-else
                MISSING r1:1,3-5
                CONSUMED distinct=3 deliveries=4 expected=6 missing=4 seconds=30
                """;
        ClientReport report = ClientReport.parse("r1", log);
        assertThat(report.received()).hasToString("0,2");
        assertThat(report.reportedMissing()).hasToString("1,3-5");
        assertThat(report.consumed()).containsEntry("missing", 4L).containsEntry("deliveries", 4L);
    }

    @Test
    void ackLinesTellWhenAndConsumerLinesTellWhatCameTwice() {
        String log = """
                ACK r1-0 7F0000010000 ha-broker-0 1 1765000000100
                ACK r1-1 7F0000010001 ha-broker-0 2 1765000000150
                ACK r1-2 7F0000010002 ha-broker-0 3 1765000000150
                ACK r1-3 7F0000010003 ha-broker-0 0 not-a-time
                ACK other-4 7F0000010004 ha-broker-0 0 1765000000900
                RECEIVED r1-0
                RECEIVED r1-1
                DUPLICATE r1-1
                DUPLICATE r1-1
                DUPLICATE other-0
                """;
        ClientReport report = ClientReport.parse("r1", log);
        assertThat(report.acked()).hasToString("0-3");
        assertThat(report.ackTimes()).containsExactly(entry(1765000000100L, 0), entry(1765000000150L, 1));
        assertThat(report.duplicates()).hasToString("1");
        assertThat(ClientReport.parse("r1", "RECEIVED r1-0\n").duplicates().size()).isZero();
    }

    @Test
    void anUnfinishedRunHasNoSummary() {
        ClientReport report = ClientReport.parse("r1", "ACK r1-0 id b 0\n");
        assertThat(report.produced()).isEmpty();
        assertThat(report.acked().size()).isEqualTo(1);
    }
}
