package io.cometmq.broker.grpc;

import io.cometmq.broker.auth.User;
import io.cometmq.broker.auth.UserStore;
import io.cometmq.protocol.auth.SessionCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * With authenticationEnabled, every gRPC call must be signed as the RocketMQ 5 SDKs sign them: header
 * {@code authorization: MQv2-HMAC-SHA1 Credential=<user>, SignedHeaders=x-mq-date-time, Signature=<hex>} where the
 * signature is the HMAC-SHA1 of the {@code x-mq-date-time} header keyed with the user's password. A call that is
 * not is closed with UNAUTHENTICATED saying why. The user's credentials then sign the remoting requests the call
 * becomes, so the brokers' ACLs decide what it may do, as for a remoting client of that user.
 */
final class GrpcAuthenticator implements ServerInterceptor {

    private static final String ALGORITHM = "MQv2-HMAC-SHA1";
    private static final Metadata.Key<String> DATE_TIME = Metadata.Key.of("x-mq-date-time",
            Metadata.ASCII_STRING_MARSHALLER);

    static final Context.Key<SessionCredentials> CREDENTIALS = Context.key("cometmq-credentials");

    private final UserStore users;

    GrpcAuthenticator(UserStore users) {
        this.users = users;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        SessionCredentials credentials;
        try {
            credentials = authenticate(headers.get(ClientMetadata.AUTHORIZATION), headers.get(DATE_TIME));
        } catch (IllegalArgumentException e) {
            call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CREDENTIALS, credentials), call, headers, next);
    }

    /** The user the headers prove to be; an IllegalArgumentException names what is wrong. */
    SessionCredentials authenticate(String authorization, String dateTime) {
        if (authorization == null || authorization.isBlank()) {
            throw new IllegalArgumentException("authentication is enabled and the request has no authorization"
                    + " header: give the client a credentials provider (access key = user name, secret = password)");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw new IllegalArgumentException("authorization header must start with " + ALGORITHM);
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        String username = fields.get("Credential");
        String signature = fields.get("Signature");
        if (username == null || username.isEmpty() || signature == null || signature.isEmpty()) {
            throw new IllegalArgumentException("authorization header must carry Credential and Signature");
        }
        if (dateTime == null || dateTime.isEmpty()) {
            throw new IllegalArgumentException("header x-mq-date-time is missing: it is what the signature signs");
        }
        User user = users.get(username);
        if (user == null) {
            throw new IllegalArgumentException("User:" + username + " is not found.");
        }
        if (!user.enabled()) {
            throw new IllegalArgumentException("User:" + username + " is disabled.");
        }
        byte[] expected = sign(user.password(), dateTime).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("check signature failed.");
        }
        return new SessionCredentials(username, user.password());
    }

    /** Lower-case hex HMAC-SHA1 of {@code dateTime} keyed with {@code secret}, as the SDKs compute it. */
    static String sign(String secret, String dateTime) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(dateTime.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }
}
