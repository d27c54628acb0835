package io.cometmq.operator.failover;

/**
 * The broker and NameServer requests the failover controller sends. Each throws when the request failed or was
 * refused, with the peer's reason in the message.
 */
public interface GroupCommands {

    /** UNREGISTER_BROKER (104) of {@code address} as brokerId 0 of the group on every NameServer that answers. */
    void unregisterMaster(FailoverGroup group, String address) throws Exception;

    /** PROMOTE_SLAVE_TO_MASTER (30001) to {@code address} with the epoch and minimum log end (-1: none). */
    void promote(String address, String masterRole, int epoch, long minOffset) throws Exception;

    /** DEMOTE_MASTER_TO_SLAVE (30002) to {@code address}; returns the broker's log end once it stopped writing. */
    long demote(String address, int epoch) throws Exception;
}
