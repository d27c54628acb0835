package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest change of a group's master the operator made (mirrors failover.FailoverRecord). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverStatus {

    @JsonPropertyDescription("When the new master was promoted (RFC 3339).")
    private String time;

    @JsonPropertyDescription("Pod that was master.")
    private String from;

    @JsonPropertyDescription("Pod that became master.")
    private String to;

    @JsonPropertyDescription("Controller epoch of the new master.")
    private int epoch;

    @JsonPropertyDescription("Why: master unavailable (and how), or a requested switchover.")
    private String reason;

    @JsonPropertyDescription("Bytes the old master may have held that the new one lacks; 0 with SYNC replication.")
    private long possibleLossBytes;

    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
    public String getFrom() { return from; }
    public void setFrom(String from) { this.from = from; }
    public String getTo() { return to; }
    public void setTo(String to) { this.to = to; }
    public int getEpoch() { return epoch; }
    public void setEpoch(int epoch) { this.epoch = epoch; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public long getPossibleLossBytes() { return possibleLossBytes; }
    public void setPossibleLossBytes(long possibleLossBytes) { this.possibleLossBytes = possibleLossBytes; }
}
