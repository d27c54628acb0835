package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * Typed reads of a command's header fields. A missing required field or a malformed number fails with an
 * {@link IllegalArgumentException} naming the field, which the server turns into a SYSTEM_ERROR reply.
 */
public final class ExtFields {

    private final Map<String, String> fields;
    private final int code;

    private ExtFields(Map<String, String> fields, int code) {
        this.fields = fields == null ? Map.of() : fields;
        this.code = code;
    }

    public static ExtFields of(RemotingCommand command) {
        return new ExtFields(command.extFields(), command.code());
    }

    public String required(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing header field '" + name + "' in request code " + code);
        }
        return value;
    }

    public String optional(String name) {
        return fields.get(name);
    }

    public String optional(String name, String fallback) {
        String value = fields.get(name);
        return value == null ? fallback : value;
    }

    public int requiredInt(String name) {
        return parseInt(name, required(name));
    }

    public int optionalInt(String name, int fallback) {
        String value = fields.get(name);
        return value == null ? fallback : parseInt(name, value);
    }

    public long requiredLong(String name) {
        return parseLong(name, required(name));
    }

    public long optionalLong(String name, long fallback) {
        String value = fields.get(name);
        return value == null ? fallback : parseLong(name, value);
    }

    public boolean requiredBoolean(String name) {
        return parseBoolean(name, required(name));
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        String value = fields.get(name);
        return value == null ? fallback : parseBoolean(name, value);
    }

    private int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header field '" + name + "' is not an integer: '" + value + "'");
        }
    }

    private long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header field '" + name + "' is not an integer: '" + value + "'");
        }
    }

    private boolean parseBoolean(String name, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new IllegalArgumentException("header field '" + name + "' is not true/false: '" + value + "'");
    }
}
