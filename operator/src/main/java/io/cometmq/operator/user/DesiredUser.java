package io.cometmq.operator.user;

import io.cometmq.operator.crd.BrokerUserSpec;
import io.cometmq.protocol.auth.UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The user a BrokerUser asks for, as the admin API's {@code UserInfo}. {@link #toString()} hides the password.
 */
public record DesiredUser(String username, String password, BrokerUserSpec.UserType type) {
    static final String ENABLED = "enable";

    public UserInfo toUserInfo() {
        return new UserInfo(username, password, type.name(), ENABLED);
    }

    /** The subject of this user's ACL. */
    public String subject() {
        return "User:" + username;
    }

    /**
     * True when the broker's user needs no change: same password (compared in constant time), same type, enabled
     * (Apache's spellings, compared ignoring case; a broker that leaves the status out counts as enabled).
     */
    public boolean matches(UserInfo onBroker) {
        String theirs = onBroker.password() == null ? "" : onBroker.password();
        boolean samePassword = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                theirs.getBytes(StandardCharsets.UTF_8));
        boolean enabled = onBroker.userStatus() == null || ENABLED.equalsIgnoreCase(onBroker.userStatus());
        return samePassword && type.name().equalsIgnoreCase(onBroker.userType()) && enabled;
    }

    @Override
    public String toString() {
        return "DesiredUser[username=" + username + ", password=<redacted>, type=" + type + "]";
    }
}
