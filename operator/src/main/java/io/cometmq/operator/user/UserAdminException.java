package io.cometmq.operator.user;

/**
 * A refused or unanswered admin request. The message names the broker and the request and carries the broker's
 * remark as it came (Apache's text, e.g. {@code The subject of User:app is not exist.}); it never holds a password
 * because no request body or signature goes into it.
 */
public final class UserAdminException extends Exception {
    /** The response code, or -1 when no answer came. */
    private final int code;
    private final String remark;

    public UserAdminException(String broker, String request, int code, String remark) {
        super("broker " + broker + " refused " + request + " (code " + code + ")"
                + (remark == null || remark.isBlank() ? "" : ": " + remark));
        this.code = code;
        this.remark = remark;
    }

    /** No answer: unreachable, timed out, interrupted. */
    public UserAdminException(String broker, String request, String problem) {
        super("broker " + broker + " did not answer " + request + ": " + problem);
        this.code = -1;
        this.remark = null;
    }

    public int code() {
        return code;
    }

    public String remark() {
        return remark;
    }

    public boolean answered() {
        return code >= 0;
    }
}
