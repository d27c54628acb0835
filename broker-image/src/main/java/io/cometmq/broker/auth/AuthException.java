package io.cometmq.broker.auth;

/**
 * A refusal Apache reports as an {@code AuthenticationException} or {@code AuthorizationException}: the response
 * code is NO_PERMISSION (16) and the remark is the message, so messages here are Apache's texts and never contain a
 * password or secret key.
 */
public final class AuthException extends RuntimeException {

    public AuthException(String message) {
        super(message, null, false, false);
    }
}
