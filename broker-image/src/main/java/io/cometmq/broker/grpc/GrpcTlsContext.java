package io.cometmq.broker.grpc;

import io.cometmq.protocol.tls.TlsConfig;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC port's certificate (with HTTP/2 ALPN, which the remoting port's context lacks): the remoting port's PEM
 * files when tls.server.certPath / keyPath are set, re-read when they change (checked at most every
 * tlsReloadInterval, when a connection arrives), else a self-signed certificate made at start-up (Apache's
 * tlsTestModeEnable; SDKs do not verify it).
 */
final class GrpcTlsContext {

    private static final Logger log = LoggerFactory.getLogger(GrpcTlsContext.class);

    private final Path cert;
    private final Path key;
    private final String password;
    private final long checkMillis;
    private final Clock clock;
    private volatile SslContext current;
    private volatile long loadedStamp;
    private volatile long checkedAt;

    private GrpcTlsContext(Path cert, Path key, String password, long checkMillis, Clock clock, SslContext first,
            long stamp) {
        this.cert = cert;
        this.key = key;
        this.password = password;
        this.checkMillis = checkMillis;
        this.clock = clock;
        this.current = first;
        this.loadedStamp = stamp;
        this.checkedAt = clock.millis();
    }

    /** Fails (naming the file) when a configured certificate or key cannot be used. */
    static GrpcTlsContext open(TlsConfig tls, String brokerName, Clock clock) {
        String certPath = tls.serverCertPath();
        String keyPath = tls.serverKeyPath();
        try {
            if (certPath == null || certPath.isBlank() || keyPath == null || keyPath.isBlank()) {
                // an EC key: made in ~0.2 s where RSA 2048 takes one or two seconds of every start-up
                SelfSignedCertificate self = new SelfSignedCertificate("cometmq-" + brokerName, "EC", 256);
                return new GrpcTlsContext(null, null, null, Long.MAX_VALUE, clock,
                        GrpcSslContexts.forServer(self.certificate(), self.privateKey()).build(), 0);
            }
            Path cert = Path.of(certPath);
            Path key = Path.of(keyPath);
            String password = tls.serverKeyPassword() == null || tls.serverKeyPassword().isEmpty() ? null
                    : tls.serverKeyPassword();
            return new GrpcTlsContext(cert, key, password, tls.reloadInterval().toMillis(), clock,
                    load(cert, key, password), stamp(cert, key));
        } catch (IOException | java.security.cert.CertificateException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS for the gRPC port (tls.server.certPath " + certPath
                    + ", tls.server.keyPath " + keyPath + "): " + e.getMessage(), e);
        }
    }

    /** The context for a new connection: reloaded first when the PEM files changed since the last load. */
    SslContext current() {
        long now = clock.millis();
        if (cert != null && now - checkedAt >= checkMillis) {
            checkedAt = now;
            reloadIfChanged();
        }
        return current;
    }

    private synchronized void reloadIfChanged() {
        try {
            long stamp = stamp(cert, key);
            if (stamp == loadedStamp) {
                return;
            }
            current = load(cert, key, password);
            loadedStamp = stamp;
            log.info("gRPC port: reloaded the certificate {}", cert);
        } catch (IOException | RuntimeException e) {
            log.warn("gRPC port: keeping the current certificate, cannot load {} / {}: {}", cert, key,
                    e.getMessage());
        }
    }

    private static SslContext load(Path cert, Path key, String password) throws IOException {
        File certFile = cert.toFile();
        File keyFile = key.toFile();
        return GrpcSslContexts.forServer(certFile, keyFile, password).build();
    }

    private static long stamp(Path cert, Path key) throws IOException {
        return Files.getLastModifiedTime(cert).toMillis() * 31 + Files.getLastModifiedTime(key).toMillis()
                + Files.size(cert) + Files.size(key);
    }
}
