package io.cometmq.namesrv.route;

/**
 * Which of a broker's addresses an answer carries: the internal ones (the listener brokers register on) or the
 * external ones (the NameServer's external listener, for clients outside). A broker without an external address is
 * left out of external answers, never shown with an internal address nobody outside can reach.
 */
public enum AddressSet {
    INTERNAL,
    EXTERNAL
}
