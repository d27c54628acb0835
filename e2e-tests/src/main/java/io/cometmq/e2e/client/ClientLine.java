package io.cometmq.e2e.client;

/**
 * The lines the client prints, one event per line, first word the kind. The end-to-end test parses them back with
 * {@link ClientReport}; both use these constants so the format lives in one place.
 *
 * <pre>
 * ACK &lt;key&gt; &lt;msgId&gt; &lt;brokerName&gt; &lt;queueId&gt; &lt;millis&gt;   a SEND_OK acknowledgement, when it came
 *                                                  (the producer's clock, milliseconds since the epoch)
 * SEND_NOT_OK &lt;key&gt; &lt;status&gt;                   answered, but not SEND_OK (e.g. SLAVE_NOT_AVAILABLE)
 * SEND_ERROR &lt;key&gt; &lt;exception&gt;: &lt;message&gt;      the send threw after the client's own retries
 * PRODUCED acked=A notOk=B errors=E attempted=N seconds=S
 * RECEIVED &lt;key&gt;                                 first delivery of a key
 * DUPLICATE &lt;key&gt;                                each further delivery of a key of this run
 * MISSING &lt;runId&gt;:&lt;ranges&gt;                      expected sequence numbers never received
 * CONSUMED distinct=D deliveries=R expected=N missing=M seconds=S
 * </pre>
 * A key is {@code <runId>-<sequence>}.
 */
public final class ClientLine {
    public static final String ACK = "ACK";
    public static final String SEND_NOT_OK = "SEND_NOT_OK";
    public static final String SEND_ERROR = "SEND_ERROR";
    public static final String PRODUCED = "PRODUCED";
    public static final String RECEIVED = "RECEIVED";
    public static final String DUPLICATE = "DUPLICATE";
    public static final String MISSING = "MISSING";
    public static final String CONSUMED = "CONSUMED";

    private ClientLine() {
    }

    public static String key(String runId, long sequence) {
        return runId + "-" + sequence;
    }

    /** The message of a throwable on one line, with its root cause (the Apache client wraps the useful part). */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        if (root != error) {
            text += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replaceAll("\\s+", " ");
    }
}
