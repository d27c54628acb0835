package io.cometmq.protocol.tls;

import java.util.Locale;

/** What a remoting server accepts, as Apache's {@code tls.server.mode}. */
public enum TlsMode {
    /** Plain connections only. */
    DISABLED,
    /** TLS and plain connections on the same port (the first byte of a connection decides). */
    PERMISSIVE,
    /** TLS connections only; a plain connection is closed. */
    ENFORCING;

    public static TlsMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
