package io.cometmq.namesrv.route;

/**
 * The answer to a registration or heartbeat. For a slave (or a refused master) whose group's master is registered
 * and alive, the master's addresses (so the slave knows whom to replicate from); null otherwise.
 *
 * @param masterEpoch   the highest controller epoch a master of the group registered with; null when none did
 * @param masterRefused the broker asked for brokerId 0 with a lower epoch and was not given the slot
 */
public record RegistrationResult(String masterAddr, String masterHaServerAddr, Integer masterEpoch,
        boolean masterRefused) {

    static final RegistrationResult NONE = new RegistrationResult(null, null);

    public RegistrationResult(String masterAddr, String masterHaServerAddr) {
        this(masterAddr, masterHaServerAddr, null, false);
    }
}
