package io.cometmq.protocol.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server certificate of a process, from PEM files ({@code tls.server.certPath}, {@code tls.server.keyPath},
 * optionally {@code tls.server.trustCertPath} for client certificates), re-read when their bytes change. Every new
 * connection takes {@link #current()}; open connections keep the context they started with. A changed file that
 * cannot be used is reported (naming the file, never showing a key) and the previous context stays in use.
 *
 * <p>One instance serves the remoting port, the fast port and the HA port of a process; its owner closes it.
 */
public final class ServerSslContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerSslContext.class);

    private final Path certPath;
    private final Path keyPath;
    private final String keyPassword;
    private final Path trustPath;
    private final ClientAuth clientAuth;
    private volatile Loaded loaded;
    private ScheduledExecutorService watcher;

    private record Loaded(PemFiles files, SslContext context) {
    }

    private ServerSslContext(Path certPath, Path keyPath, String keyPassword, Path trustPath, ClientAuth clientAuth) {
        this.certPath = certPath;
        this.keyPath = keyPath;
        this.keyPassword = keyPassword == null || keyPassword.isEmpty() ? null : keyPassword;
        this.trustPath = trustPath;
        this.clientAuth = clientAuth;
    }

    /**
     * Loads the server files named by {@code config} (mode must not be disabled) and re-checks them every
     * {@code config.reloadInterval()} on a daemon thread; fails naming the file when one cannot be used.
     */
    public static ServerSslContext open(TlsConfig config) {
        ServerSslContext context = load(config);
        context.watch(config.reloadInterval());
        return context;
    }

    /** Loads the files once without watching them ({@link #reloadIfChanged()} re-checks on demand). */
    public static ServerSslContext load(TlsConfig config) {
        if (config.serverCertPath().isEmpty() || config.serverKeyPath().isEmpty()) {
            throw new IllegalArgumentException("keys 'tls.server.certPath' and 'tls.server.keyPath' must name PEM files");
        }
        ServerSslContext context = new ServerSslContext(Path.of(config.serverCertPath()),
                Path.of(config.serverKeyPath()), config.serverKeyPassword(),
                config.serverTrustCertPath().isEmpty() ? null : Path.of(config.serverTrustCertPath()),
                clientAuth(config.needClientAuth()));
        PemFiles files = context.readFiles();
        context.loaded = new Loaded(files, context.build(files));
        log.info("TLS server certificate loaded from {}: {}", context.certPath,
                files.describeFirstCertificate(context.certPath));
        return context;
    }

    static ClientAuth clientAuth(String needClientAuth) {
        return switch (needClientAuth.trim().toLowerCase(Locale.ROOT)) {
            case "", "none" -> ClientAuth.NONE;
            case "optional" -> ClientAuth.OPTIONAL;
            case "require" -> ClientAuth.REQUIRE;
            default -> throw new IllegalArgumentException("key 'tls.server.need.client.auth' must be none, optional or "
                    + "require, was '" + needClientAuth + "'");
        };
    }

    /** The context new connections use (Netty). */
    public SslContext current() {
        return loaded.context();
    }

    /** The same context as a JDK {@link SSLContext}, for blocking sockets (HA port). */
    public SSLContext currentJdk() {
        return ((JdkSslContext) loaded.context()).context();
    }

    /** Whether clients must or may present a certificate ({@code tls.server.need.client.auth}). */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * Re-reads the files; when their bytes changed and they make a valid context, it becomes {@link #current()}.
     * Returns true when the context was replaced. Errors are logged, never thrown.
     */
    public synchronized boolean reloadIfChanged() {
        PemFiles files;
        try {
            files = readFiles();
        } catch (TlsFileException e) {
            log.error("{}; keeping the previous TLS certificate", e.getMessage());
            return false;
        }
        if (files.sameAs(loaded.files())) {
            return false;
        }
        try {
            loaded = new Loaded(files, build(files));
        } catch (TlsFileException e) {
            log.error("{}; keeping the previous TLS certificate", e.getMessage());
            return false;
        }
        log.info("TLS server certificate reloaded from {}: {} (new connections use it)", certPath,
                files.describeFirstCertificate(certPath));
        return true;
    }

    private PemFiles readFiles() {
        List<Path> paths = new ArrayList<>(List.of(certPath, keyPath));
        paths.add(trustPath);
        return PemFiles.read(paths);
    }

    private SslContext build(PemFiles files) {
        files.checkCertificates(certPath);
        files.checkCertificates(trustPath);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(files.open(certPath), files.open(keyPath), keyPassword);
        } catch (IllegalArgumentException e) {
            // the certificate parsed above, so the key is at fault; the exception never holds the key's bytes,
            // but its text is not shown either, to be sure
            throw new TlsFileException(keyPath, "holds no usable PEM (PKCS#8) private key"
                    + (keyPassword == null ? "" : " or tls.server.keyPassword does not decrypt it"));
        }
        builder.sslProvider(SslProvider.JDK).clientAuth(clientAuth);
        if (trustPath != null) {
            builder.trustManager(files.open(trustPath));
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsFileException(keyPath, "and " + certPath + " do not make a TLS context ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void watch(Duration interval) {
        watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
