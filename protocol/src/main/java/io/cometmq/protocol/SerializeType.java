package io.cometmq.protocol;

/** How a frame's header is encoded: the high byte of the header-length word. */
public enum SerializeType {
    JSON(0),
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Returns the type for a wire code, or null when the code is unknown (the caller reports the error). */
    public static SerializeType fromCode(int code) {
        for (SerializeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
