package io.cometmq.broker.transaction;

/** Topics, tags and property names of the transaction machinery (wire protocol §6, §8.6). */
public final class TransactionNames {

    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    public static final String CHECK_MAX_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** Tag of an op record ("d" as in deleted): its body lists the half-queue offsets it resolves. */
    public static final String OP_TAG = "d";

    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String TRANSACTION_ID = "__transactionId__";
    public static final String CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    public static final String CHECK_IMMUNITY_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";

    private TransactionNames() {
    }
}
