package io.cometmq.protocol.tls;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client context of a {@link ClientTls}, rebuilt when its PEM files' bytes change (checked whenever a new
 * connection asks for it). A changed file that cannot be used is reported and the previous context is kept.
 */
public final class ClientSslContext {

    private static final Logger log = LoggerFactory.getLogger(ClientSslContext.class);

    private final ClientTls tls;
    private PemFiles files;
    private SslContext context;

    /** Builds the context at once, so a bad file fails here naming it. */
    public ClientSslContext(ClientTls tls) {
        this.tls = tls;
        this.files = readFiles();
        this.context = build(files);
    }

    public ClientTls settings() {
        return tls;
    }

    /** The context for a new connection (Netty). */
    public synchronized SslContext current() {
        PemFiles now;
        try {
            now = readFiles();
            if (!now.sameAs(files)) {
                context = build(now);
                files = now;
                log.info("TLS client files re-read ({})", tls);
            }
        } catch (TlsFileException e) {
            log.error("{}; keeping the previous TLS client settings", e.getMessage());
        }
        return context;
    }

    /** The same as a JDK {@link SSLContext}, for blocking sockets (HA port). */
    public SSLContext currentJdk() {
        return ((JdkSslContext) current()).context();
    }

    private PemFiles readFiles() {
        return PemFiles.read(Arrays.asList(tls.authServer() ? tls.trustCertPath() : null, tls.certPath(),
                tls.keyPath()));
    }

    private SslContext build(PemFiles read) {
        // endpoint identification off: Netty 4.2 checks host names by default, Apache's client does not (see ClientTls)
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm(null);
        if (!tls.authServer()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.trustCertPath() != null) {
            read.checkCertificates(tls.trustCertPath());
            builder.trustManager(read.open(tls.trustCertPath()));
        }
        if (tls.certPath() != null) {
            read.checkCertificates(tls.certPath());
            try {
                builder.keyManager(read.open(tls.certPath()), read.open(tls.keyPath()),
                        tls.keyPassword().isEmpty() ? null : tls.keyPassword());
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(tls.keyPath(), "holds no usable PEM (PKCS#8) private key"
                        + (tls.keyPassword().isEmpty() ? "" : " or its password does not decrypt it"));
            }
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            Path blamed = tls.keyPath() != null ? tls.keyPath() : tls.trustCertPath();
            throw new TlsFileException(blamed, "does not make a TLS client context (" + e.getClass().getSimpleName()
                    + ")");
        }
    }
}
