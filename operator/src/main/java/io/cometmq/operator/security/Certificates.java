package io.cometmq.operator.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * ECDSA P-256 certificates with BouncyCastle's builders on the JDK's providers: the cluster CA and the serving
 * certificate it signs, as PEM (certificates) and PKCS#8 PEM (keys), the forms the broker's TlsConfig reads.
 */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";
    /** notBefore a little in the past, so a node whose clock lags does not reject a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private Certificates() {}

    /** A key and its certificate, both as PEM text. */
    public record Issued(String certificatePem, String privateKeyPem, X509Certificate certificate) {}

    public static Issued authority(String commonName, Instant now, Duration validity) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = new X500Name("CN=" + commonName);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return issued(builder, keys.getPrivate(), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
        }
    }

    /** A serving and client certificate for {@code dnsNames}, signed by {@code ca}. */
    public static Issued leaf(X509Certificate ca, PrivateKey caKey, String commonName, List<String> dnsNames,
            Instant now, Duration validity) {
        try {
            KeyPair keys = newKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            Instant notAfter = now.plus(validity);
            if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
                notAfter = ca.getNotAfter().toInstant();
            }
            // external addresses may be IP literals (load balancer or node IPs): those are iPAddress entries
            GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(isIpLiteral(n) ? GeneralName.iPAddress
                            : GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), new X500Name("CN=" + commonName),
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca));
            return issued(builder, caKey, keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a certificate: " + e.getMessage(), e);
        }
    }

    /** The first certificate of a PEM text; IllegalArgumentException when there is none. */
    public static X509Certificate parseCertificate(String pem) {
        List<X509Certificate> chain = parseCertificates(pem);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return chain.get(0);
    }

    public static List<X509Certificate> parseCertificates(String pem) {
        try {
            Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> chain = new ArrayList<>();
            certificates.forEach(c -> chain.add((X509Certificate) c));
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 PEM private key; IllegalArgumentException (without the key) when it is not one. */
    public static PrivateKey parsePrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (object instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key");
        }
    }

    /** Whether {@code name} is an IPv4 or IPv6 literal rather than a DNS name. */
    static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    }

    /** An IP literal in Java's one text form (IPv6 is written in several), so names compare equal; never a lookup. */
    public static String canonicalIp(String literal) {
        try {
            return isIpLiteral(literal) ? java.net.InetAddress.getByName(literal).getHostAddress() : literal;
        } catch (java.net.UnknownHostException e) {
            return literal;
        }
    }

    /** DNS names and IP addresses of the subjectAlternativeName extension, sorted. */
    public static List<String> dnsNames(X509Certificate certificate) {
        TreeSet<String> names = new TreeSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(GeneralName.dNSName).equals(entry.get(0))) {
                        names.add((String) entry.get(1));
                    } else if (Integer.valueOf(GeneralName.iPAddress).equals(entry.get(0))) {
                        names.add(canonicalIp((String) entry.get(1)));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of();
        }
        return List.copyOf(names);
    }

    /** True when {@code certificate} carries a valid signature by {@code issuer}'s key. */
    public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Issued issued(X509v3CertificateBuilder builder, PrivateKey signingKey, PrivateKey ownKey)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(signingKey);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        return new Issued(pem(certificate), pem(new JcaPKCS8Generator(ownKey, null).generate()), certificate);
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
