package io.cometmq.namesrv.route;

/**
 * The answer to a registration. For a slave whose master is registered and alive, the master's addresses
 * (so the slave knows whom to replicate from); null otherwise.
 */
public record RegistrationResult(String masterAddr, String masterHaServerAddr) {

    static final RegistrationResult NONE = new RegistrationResult(null, null);
}
