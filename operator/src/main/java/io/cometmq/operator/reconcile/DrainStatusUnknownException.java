package io.cometmq.operator.reconcile;

/**
 * A drainer could not tell how much is left, for example because a broker does not implement the request it
 * needs. Never read as "nothing left": the group stays, and status says the drain state is unknown.
 */
public class DrainStatusUnknownException extends Exception {
    public DrainStatusUnknownException(String message) {
        super(message);
    }
}
