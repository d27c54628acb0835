package io.cometmq.protocol.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test PKI made at test run time (BouncyCastle): a CA and certificates it issues for 127.0.0.1/localhost, written
 * as PEM files (certificate chain, PKCS#8 key) the way a Kubernetes TLS Secret holds them.
 */
public final class TestCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

    /** A certificate and its key on disk. */
    public record Issued(Path certPath, Path keyPath, BigInteger serial) {
    }

    /** A CA whose certificate is at {@link #certPath()}. */
    public static final class Authority {
        private final X500Principal name;
        private final KeyPair keys;
        private final X509Certificate cert;
        private final Path certPath;

        private Authority(X500Principal name, KeyPair keys, X509Certificate cert, Path certPath) {
            this.name = name;
            this.keys = keys;
            this.cert = cert;
            this.certPath = certPath;
        }

        public Path certPath() {
            return certPath;
        }

        /** A server (and client) certificate for 127.0.0.1 and localhost, files {@code <base>.crt}/{@code .key}. */
        public Issued issue(Path dir, String base) {
            KeyPair leaf = newKeyPair();
            BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial, notBefore(),
                        notAfter(), new X500Principal("CN=" + base), leaf.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
                X509Certificate issued = sign(builder, keys);
                Path certPath = dir.resolve(base + ".crt");
                Path keyPath = dir.resolve(base + ".key");
                writePem(certPath, issued, cert);
                writeKey(keyPath, leaf);
                return new Issued(certPath, keyPath, serial);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /** A new self-signed CA; its certificate goes to {@code <dir>/<base>.crt}. */
    public static Authority newAuthority(Path dir, String base) {
        KeyPair keys = newKeyPair();
        X500Principal name = new X500Principal("CN=" + base);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), notBefore(), notAfter(), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(builder, keys);
            Path certPath = dir.resolve(base + ".crt");
            writePem(certPath, cert);
            return new Authority(name, keys, cert, certPath);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces {@code target} with {@code source}'s bytes in one atomic rename (as a Kubernetes Secret volume swaps
     * its symlink: a reader sees the old or the new file, never half of one).
     */
    public static void replaceAtomically(Path source, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".swap", ".tmp");
        Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A directory laid out as Kubernetes mounts a TLS Secret: {@code tls.crt} and {@code tls.key} are symlinks into
     * {@code ..data}, itself a symlink to a timestamped directory; {@link #publish} swaps {@code ..data} atomically.
     */
    public static final class SecretVolume {
        private final Path dir;
        private int version;

        public SecretVolume(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
        }

        public Path certPath() {
            return dir.resolve("tls.crt");
        }

        public Path keyPath() {
            return dir.resolve("tls.key");
        }

        /** Makes {@code cert}/{@code key} the volume's content in one rename. */
        public void publish(Path cert, Path key) throws IOException {
            Path data = dir.resolve("..v" + (++version));
            Files.createDirectories(data);
            Files.copy(cert, data.resolve("tls.crt"));
            Files.copy(key, data.resolve("tls.key"));
            Path link = dir.resolve("..data_tmp");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, data.getFileName());
            Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            for (String name : new String[] {"tls.crt", "tls.key"}) {
                if (!Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
                }
            }
        }

        public void publish(Issued issued) throws IOException {
            publish(issued.certPath(), issued.keyPath());
        }
    }

    /**
     * Serial number of the certificate a TLS server at {@code host:port} presents to a new connection (a plain JDK
     * socket that trusts everything: only the certificate is of interest).
     */
    public static BigInteger serverCertificateSerial(String host, int port) throws IOException {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers(),
                    new SecureRandom());
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                    .createSocket(host, port)) {
                socket.setSoTimeout(5_000);
                socket.startHandshake();
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM body (base64 lines) of a key file: what must never appear in a log. */
    public static String pemBody(Path keyPath) throws IOException {
        return Files.readAllLines(keyPath).stream().filter(line -> !line.startsWith("-----"))
                .reduce("", String::concat);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    private static void writePem(Path path, X509Certificate... chain) throws IOException {
        try (Writer out = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate cert : chain) {
                pem.writeObject(cert);
            }
        }
    }

    private static void writeKey(Path path, KeyPair keys) throws IOException {
        try (Writer out = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
    }
}
