package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/** Transactions: END_TRANSACTION (37) from producers and CHECK_TRANSACTION_STATE (39) from the broker. */
public final class TransactionHeaders {

    private TransactionHeaders() {
    }

    /**
     * EndTransactionRequestHeader. {@code commitOrRollback} is a transaction sysFlag: 0 unknown, 8 commit, 12
     * rollback. Missing or malformed numbers are reported as "END_TRANSACTION header field X ...", the wording
     * RocketMQ users see from this broker since 0.1.
     */
    public record EndTransaction(int commitOrRollback, String producerGroup, long tranStateTableOffset,
            long commitLogOffset, boolean fromTransactionCheck, String msgId, String transactionId) {

        public static EndTransaction decode(RemotingCommand command) {
            return new EndTransaction((int) number(command, "commitOrRollback"), command.field("producerGroup"),
                    number(command, "tranStateTableOffset"), number(command, "commitLogOffset"),
                    Boolean.parseBoolean(command.field("fromTransactionCheck")), command.field("msgId"),
                    command.field("transactionId"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("commitOrRollback", commitOrRollback).put("producerGroup", producerGroup)
                    .put("tranStateTableOffset", tranStateTableOffset).put("commitLogOffset", commitLogOffset)
                    .put("fromTransactionCheck", fromTransactionCheck).put("msgId", msgId)
                    .put("transactionId", transactionId).map();
        }

        private static long number(RemotingCommand command, String name) {
            String value = command.field(name);
            if (value == null) {
                throw new IllegalArgumentException("END_TRANSACTION header field " + name + " is missing");
            }
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("END_TRANSACTION header field " + name + " is not a number: "
                        + value);
            }
        }
    }

    /**
     * CheckTransactionStateRequestHeader; {@code bname} is the broker name, null fields are left out.
     */
    public record CheckTransactionState(String topic, long tranStateTableOffset, long commitLogOffset, String msgId,
            String transactionId, String offsetMsgId, String bname) {

        public static CheckTransactionState decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new CheckTransactionState(f.optional("topic"), f.requiredLong("tranStateTableOffset"),
                    f.requiredLong("commitLogOffset"), f.optional("msgId"), f.optional("transactionId"),
                    f.optional("offsetMsgId"), f.optional("bname"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("topic", topic).put("tranStateTableOffset", tranStateTableOffset)
                    .put("commitLogOffset", commitLogOffset).put("msgId", msgId).put("transactionId", transactionId)
                    .put("offsetMsgId", offsetMsgId).put("bname", bname).map();
        }
    }
}
