package io.cometmq.protocol.auth;

import io.cometmq.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Apache's {@code AclClientRPCHook} puts on a request: HMAC-SHA1, Base64, keyed with the secret, over
 * the values (not the names) of every header field except {@code Signature}, in the order of their names, followed
 * by the body bytes. {@code AccessKey} (and {@code SecurityToken} when present) are fields too, so they are signed.
 */
public final class RequestSignature {

    /** Header field carrying the user name (RocketMQ calls it the access key). */
    public static final String ACCESS_KEY = "AccessKey";
    /** Header field carrying the Base64 HMAC-SHA1 signature. */
    public static final String SIGNATURE = "Signature";
    /** Optional header field some clients add; signed like any other field. */
    public static final String SECURITY_TOKEN = "SecurityToken";

    private static final String ALGORITHM = "HmacSHA1";
    /** Per thread: every request is signed or checked here, on the hot send path; nothing is allocated per call. */
    private static final ThreadLocal<Signer> SIGNERS = ThreadLocal.withInitial(Signer::new);

    private RequestSignature() {
    }

    /** The signature of a request with these header fields and body, as the Apache client computes it. */
    public static String compute(Map<String, String> fields, byte[] body, String secretKey) {
        return SIGNERS.get().sign(fields, body, secretKey);
    }

    /**
     * A Mac kept keyed with the last secret it used (a Mac resets to its key after each doFinal, so consecutive
     * requests of one user skip the key set-up) and buffers reused from call to call.
     */
    private static final class Signer {
        private final Mac mac;
        private String key;
        private final StringBuilder text = new StringBuilder(512);
        private byte[] bytes = new byte[512];

        Signer() {
            try {
                mac = Mac.getInstance(ALGORITHM);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
            }
        }

        String sign(Map<String, String> fields, byte[] body, String secretKey) {
            if (!secretKey.equals(key)) {
                try {
                    mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
                } catch (GeneralSecurityException e) {
                    key = null;
                    throw new IllegalStateException("cannot key " + ALGORITHM, e);
                }
                key = secretKey;
            }
            text.setLength(0);
            if (fields != null && !fields.isEmpty()) {
                // the values in the order of their names (what Apache's TreeMap gives), the signature left out
                String[] names = fields.keySet().toArray(new String[0]);
                Arrays.sort(names);
                for (String name : names) {
                    if (!SIGNATURE.equals(name)) {
                        text.append(fields.get(name));
                    }
                }
            }
            updateWithText();
            if (body != null) {
                mac.update(body);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        }

        /** Feeds the text as UTF-8: ASCII (the usual header) byte by byte into a reused buffer, else via a String. */
        private void updateWithText() {
            int length = text.length();
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    mac.update(text.toString().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                bytes[i] = (byte) c;
            }
            mac.update(bytes, 0, length);
        }
    }

    /** Adds {@code AccessKey} and {@code Signature} to an outgoing request (after every other field is set). */
    public static void sign(RemotingCommand request, SessionCredentials credentials) {
        request.putField(ACCESS_KEY, credentials.accessKey());
        request.putField(SIGNATURE, compute(request.extFields(), request.body(), credentials.secretKey()));
    }

    /** True when the request carries a signature made with {@code secretKey}; compared in constant time. */
    public static boolean verify(RemotingCommand request, String secretKey) {
        String given = request.field(SIGNATURE);
        if (given == null) {
            return false;
        }
        String expected = compute(request.extFields(), request.body(), secretKey);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
