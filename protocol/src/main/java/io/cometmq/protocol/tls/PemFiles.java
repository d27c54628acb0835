package io.cometmq.protocol.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes of a set of PEM files read at one moment, so a change is noticed by comparing snapshots (a Kubernetes
 * Secret volume swaps a symlink: the path stays, the bytes change). Never printed: it may hold a private key.
 */
final class PemFiles {

    private final Map<Path, byte[]> contents;

    private PemFiles(Map<Path, byte[]> contents) {
        this.contents = contents;
    }

    /** Reads every non-null path; a missing or unreadable file fails naming it. */
    static PemFiles read(List<Path> paths) {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        for (Path path : paths) {
            if (path == null) {
                continue;
            }
            try {
                contents.put(path, Files.readAllBytes(path));
            } catch (IOException e) {
                throw new TlsFileException(path, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new PemFiles(contents);
    }

    InputStream open(Path path) {
        return new ByteArrayInputStream(Objects.requireNonNull(contents.get(path), "not read: " + path));
    }

    boolean sameAs(PemFiles other) {
        if (other == null || !contents.keySet().equals(other.contents.keySet())) {
            return false;
        }
        return contents.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.contents.get(e.getKey())));
    }

    /** Fails naming {@code path} unless it holds at least one PEM certificate. */
    void checkCertificates(Path path) {
        if (path == null) {
            return;
        }
        try (InputStream in = open(path)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new TlsFileException(path, "holds no PEM certificate");
            }
        } catch (CertificateException e) {
            throw new TlsFileException(path, "holds no valid PEM certificate (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subject, serial and expiry of the first certificate of {@code path} (which passed the check), for logs. */
    String describeFirstCertificate(Path path) {
        try (InputStream in = open(path)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return "subject '" + cert.getSubjectX500Principal().getName() + "', serial "
                    + cert.getSerialNumber().toString(16) + ", valid until " + cert.getNotAfter().toInstant();
        } catch (CertificateException | IOException e) {
            return "unreadable certificate";
        }
    }

    @Override
    public String toString() {
        return "PemFiles" + contents.keySet();
    }
}
