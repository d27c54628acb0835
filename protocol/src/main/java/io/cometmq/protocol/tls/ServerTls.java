package io.cometmq.protocol.tls;

import java.util.Objects;

/**
 * What one server port accepts: {@code mode} ({@code tls.server.mode}) and, unless disabled, the reloading
 * certificate it presents. {@link #DISABLED} keeps the port plain, exactly as without TLS support.
 */
public record ServerTls(TlsMode mode, ServerSslContext sslContext) {

    public static final ServerTls DISABLED = new ServerTls(TlsMode.DISABLED, null);

    public ServerTls {
        Objects.requireNonNull(mode, "mode");
        if (mode != TlsMode.DISABLED) {
            Objects.requireNonNull(sslContext, "sslContext (tls.server.mode is " + mode.configValue() + ")");
        }
    }

    public boolean enabled() {
        return mode != TlsMode.DISABLED;
    }
}
