package io.cometmq.protocol.body;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON dialect fastjson writes for maps with non-string keys, written and read. RocketMQ peers serialize a
 * {@code Map<MessageQueue, X>} with each key as a JSON object,
 * {@code {"offsetTable":{{"topic":"t","brokerName":"b","queueId":0}:100}}}, and numeric keys bare,
 * {@code {"offsetTable":{"t@g":{0:5}}}}. This is not standard JSON; it is the body of ConsumeStats (208),
 * TopicStatsTable (202) and ResetOffsetBody (222/220), wire protocol doc §8.8. Jackson can neither write nor read
 * it, so this class writes keys and values one by one and reads the structure itself, leaving every key and value
 * that is standard JSON to Jackson.
 *
 * <p>Reading accepts standard JSON in which an object key may also be a bare JSON value (fastjson writes object
 * keys as objects and numeric keys as numbers), and nothing more. It gives a Jackson tree in which such a key
 * becomes a string holding its compact JSON: an object key and a string key holding the same object's JSON (the standard form the
 * Apache client also accepts) then read alike through {@link #objectKey(String)}.
 */
public final class ObjectKeyedJson {

    /** Standard JSON only: no single quotes, no unquoted names, no NaN. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final StringBuilder out = new StringBuilder("{");

    /** A plain field, encoded as ordinary JSON; a null value is left out. */
    public ObjectKeyedJson field(String name, Object value) {
        if (value != null) {
            name(name).append(encode(value));
        }
        return this;
    }

    /** A map field whose keys are written as JSON objects rather than strings. */
    public ObjectKeyedJson objectKeyedMap(String name, Map<?, ?> map) {
        name(name).append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(encode(entry.getKey())).append(':').append(encode(entry.getValue()));
        }
        out.append('}');
        return this;
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out + "}";
    }

    /**
     * Reads a body whose top level is an object. Malformed text fails with an {@link IllegalArgumentException}
     * naming the position.
     */
    public static ObjectNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("empty JSON body");
        }
        JsonNode value = Reader.document(new String(body, StandardCharsets.UTF_8));
        if (!(value instanceof ObjectNode object)) {
            throw new IllegalArgumentException("expected a JSON object, found " + value.getNodeType());
        }
        return object;
    }

    /**
     * The object a map key of a {@link #read} tree holds (an object key, or a string key holding an object's JSON),
     * or null when the key is something else, such as {@code "t@b@0"} or {@code "17"}.
     */
    public static ObjectNode objectKey(String key) {
        if (!key.trim().startsWith("{")) {
            return null;
        }
        try {
            return Reader.document(key) instanceof ObjectNode object ? object : null;
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    private StringBuilder name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        return out.append(encode(name)).append(':');
    }

    private static String encode(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Objects and arrays are walked here, because their keys may be bare values; every token else is Jackson's. */
    private static final class Reader {
        private final String text;
        private int pos;

        private Reader(String text) {
            this.text = text;
        }

        static JsonNode document(String text) {
            Reader reader = new Reader(text);
            JsonNode value = reader.value();
            reader.skipSpace();
            if (reader.pos != text.length()) {
                throw reader.error("trailing characters");
            }
            return value;
        }

        private JsonNode value() {
            return switch (next()) {
                case '{' -> object();
                case '[' -> array();
                default -> token();
            };
        }

        private ObjectNode object() {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            pos++; // {
            if (next() == '}') {
                pos++;
                return object;
            }
            do {
                JsonNode key = value();
                expect(':');
                object.set(key.isTextual() ? key.textValue() : key.toString(), value());
            } while (separator('}'));
            return object;
        }

        private ArrayNode array() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            pos++; // [
            if (next() == ']') {
                pos++;
                return array;
            }
            do {
                array.add(value());
            } while (separator(']'));
            return array;
        }

        /** True after a ',', false after the closing character. */
        private boolean separator(char close) {
            char c = next();
            if (c != ',' && c != close) {
                throw error("expected ',' or '" + close + "'");
            }
            pos++;
            return c == ',';
        }

        /** A string, number, true, false or null, cut out of the text and parsed by Jackson. */
        private JsonNode token() {
            int start = pos;
            if (text.charAt(pos) == '"') {
                for (pos++; peek() != '"'; pos++) {
                    if (text.charAt(pos) == '\\') {
                        pos++;
                    }
                }
                pos++;
            } else {
                while (pos < text.length() && ",:}]".indexOf(text.charAt(pos)) < 0
                        && !Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos == start) {
                throw error("expected a value");
            }
            try {
                return STRICT.readTree(text.substring(start, pos));
            } catch (JsonProcessingException e) {
                pos = start;
                throw error(e.getOriginalMessage());
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        /** The next character that is not white space, not consumed. */
        private char next() {
            skipSpace();
            return peek();
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end of text");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            int from = Math.max(0, pos - 20);
            int to = Math.min(text.length(), pos + 20);
            return new IllegalArgumentException(what + " at position " + pos + " near '" + text.substring(from, to)
                    + "'");
        }
    }
}
