package io.cometmq.protocol.auth;

import io.cometmq.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
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
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    });

    private RequestSignature() {
    }

    /** The signature of a request with these header fields and body, as the Apache client computes it. */
    public static String compute(Map<String, String> fields, byte[] body, String secretKey) {
        StringBuilder content = new StringBuilder();
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            if (!SIGNATURE.equals(field.getKey())) {
                content.append(field.getValue());
            }
        }
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key " + ALGORITHM, e);
        }
        mac.update(content.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            mac.update(body);
        }
        return Base64.getEncoder().encodeToString(mac.doFinal());
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
