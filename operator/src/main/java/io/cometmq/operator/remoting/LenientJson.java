package io.cometmq.operator.remoting;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON-like text RocketMQ peers write with fastjson, which standard parsers refuse: map keys may be
 * objects ({@code {{"brokerName":"b","queueId":0,"topic":"t"}:100}}, wire protocol doc §8.8), unquoted names
 * or bare numbers ({@code {0:"addr"}}), and strings may use single quotes.
 *
 * <p>Objects become {@code Map<Object, Object>} (keys are a {@code String} or, for object keys, a {@code Map}),
 * arrays {@code List}, numbers {@code Long} or {@code BigDecimal}, plus {@code String}, {@code Boolean} and null.
 * Malformed text fails with an {@link IllegalArgumentException} naming the position.
 */
public final class LenientJson {
  private final String text;
  private int pos;

  private LenientJson(String text) {
    this.text = text;
  }

  public static Object parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new IllegalArgumentException("empty JSON body");
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  public static Object parse(String text) {
    LenientJson parser = new LenientJson(text);
    Object value = parser.value();
    parser.skipSpace();
    if (parser.pos != text.length()) {
      throw parser.error("trailing characters");
    }
    return value;
  }

  /** The top-level object of a body, or an error when the body is something else. */
  @SuppressWarnings("unchecked")
  public static Map<Object, Object> parseObject(byte[] body) {
    Object value = parse(body);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object, found " + describe(value));
    }
    return (Map<Object, Object>) value;
  }

  /** A number, or a string holding one, as a long; null when absent. */
  public static Long asLong(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof BigDecimal d) {
      return d.longValue();
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.trim()).longValue();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a number");
      }
    }
    throw new IllegalArgumentException("expected a number, found " + describe(value));
  }

  static String describe(Object value) {
    return value == null ? "null" : value instanceof Map ? "an object" : value instanceof List ? "an array"
        : value.getClass().getSimpleName() + " " + value;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"', '\'' -> string();
      default -> bare();
    };
  }

  private Map<Object, Object> object() {
    pos++; // {
    Map<Object, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      char c = peek();
      Object key = switch (c) {
        case '{' -> object();
        case '"', '\'' -> string();
        default -> name();
      };
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == '}') {
        return map;
      }
      if (next != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == ']') {
        return list;
      }
      if (next != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> out.append(e); // \" \' \\ \/ and anything else fastjson lets through
      }
    }
  }

  /** An unquoted object key: letters, digits, '_', '$', '-', '.', '%' (fastjson writes numeric keys bare). */
  private String name() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-' || c == '.' || c == '%') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected an object key");
    }
    return text.substring(start, pos);
  }

  private Object bare() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ',' || c == '}' || c == ']' || c == ':' || Character.isWhitespace(c)) {
        break;
      }
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "null":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "":
        throw error("expected a value");
      default:
        try {
          BigDecimal number = new BigDecimal(word);
          try {
            return number.longValueExact();
          } catch (ArithmeticException notIntegral) {
            return number;
          }
        } catch (NumberFormatException e) {
          pos = start;
          throw error("unexpected '" + word + "'");
        }
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException error(String what) {
    int from = Math.max(0, pos - 20);
    int to = Math.min(text.length(), pos + 20);
    return new IllegalArgumentException(what + " at position " + pos + " near '" + text.substring(from, to) + "'");
  }
}
