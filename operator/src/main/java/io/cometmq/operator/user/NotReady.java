package io.cometmq.operator.user;

/** Why a BrokerUser is not applied: the Ready=False reason and a message that never holds a secret. */
final class NotReady extends Exception {
    private final String reason;

    NotReady(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
