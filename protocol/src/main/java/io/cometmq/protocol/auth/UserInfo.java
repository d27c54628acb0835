package io.cometmq.protocol.auth;

/**
 * Body of AUTH_CREATE_USER / AUTH_UPDATE_USER and answer of AUTH_GET_USER / AUTH_LIST_USER (a JSON array of these),
 * as Apache's {@code UserInfo}: {@code userType} is {@code Super} or {@code Normal}, {@code userStatus}
 * {@code enable} or {@code disable} (Apache's spellings; compare ignoring case).
 */
public record UserInfo(String username, String password, String userType, String userStatus) {

    /** The same user without its password (for logs, events and anything else that is not the admin API). */
    public UserInfo withoutPassword() {
        return new UserInfo(username, null, userType, userStatus);
    }

    @Override
    public String toString() {
        return "UserInfo[username=" + username + ", password=" + (password == null ? "null" : "<redacted>")
                + ", userType=" + userType + ", userStatus=" + userStatus + "]";
    }
}
