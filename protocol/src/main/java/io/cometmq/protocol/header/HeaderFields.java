package io.cometmq.protocol.header;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ext fields of a typed header: values as strings, null values left out (RocketMQ omits them). */
final class HeaderFields {

    private final Map<String, String> fields = new LinkedHashMap<>();

    HeaderFields put(String name, Object value) {
        if (value != null) {
            fields.put(name, String.valueOf(value));
        }
        return this;
    }

    Map<String, String> map() {
        return fields;
    }
}
