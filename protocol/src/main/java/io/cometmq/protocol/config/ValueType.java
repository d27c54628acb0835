package io.cometmq.protocol.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a configuration value may be. {@link #problem} phrases what is wrong the way {@link Settings}' typed reads
 * do ("must be between 0 and 65535, was 70000"), so the broker and the operator tell the user the same thing.
 */
public sealed interface ValueType {

    /** Short type name for documentation: string, int, long, bool, enum, list. */
    String name();

    /** What is allowed, for documentation: "0..65535", "true | false", "ASYNC_FLUSH | SYNC_FLUSH". */
    String allowed();

    /** Empty when {@code value} is acceptable, else "must be ..., was ..." (without the key). */
    Optional<String> problem(String value);

    /**
     * One line of text; with a pattern, text that matches it in full ({@code format} says it in words). A line
     * break is never allowed: in a rendered broker.conf it would start a second key.
     */
    record Text(Pattern pattern, String format) implements ValueType {
        public static final Text ANY = new Text(null, "one line of text");

        public static Text matching(String regex, String format) {
            return new Text(Pattern.compile(regex), format);
        }

        @Override
        public String name() {
            return "string";
        }

        @Override
        public String allowed() {
            return format;
        }

        @Override
        public Optional<String> problem(String value) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                return Optional.of("must be a single line, was '" + value.replace("\n", "\\n").replace("\r", "\\r")
                        + "'");
            }
            if (pattern == null || pattern.matcher(value).matches()) {
                return Optional.empty();
            }
            return Optional.of("must be " + format + ", was '" + value + "'");
        }
    }

    /** A whole number within [min, max]; {@code bits} is 32 (int) or 64 (long). */
    record Whole(int bits, long min, long max) implements ValueType {
        public static Whole ofInt(int min, int max) {
            return new Whole(32, min, max);
        }

        public static Whole ofLong(long min, long max) {
            return new Whole(64, min, max);
        }

        @Override
        public String name() {
            return bits == 32 ? "int" : "long";
        }

        @Override
        public String allowed() {
            return min + ".." + max;
        }

        @Override
        public Optional<String> problem(String value) {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return Optional.of("must be an integer, was '" + value + "'");
            }
            if (parsed < min || parsed > max) {
                return Optional.of("must be between " + min + " and " + max + ", was " + parsed);
            }
            return Optional.empty();
        }
    }

    /** {@code true} or {@code false}, in any case. */
    record Flag() implements ValueType {
        public static final Flag INSTANCE = new Flag();

        @Override
        public String name() {
            return "bool";
        }

        @Override
        public String allowed() {
            return "true | false";
        }

        @Override
        public Optional<String> problem(String value) {
            String text = value.trim();
            return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? Optional.empty()
                    : Optional.of("must be true or false, was '" + value + "'");
        }
    }

    /** One of a fixed set of names, in any case (they match a Java enum of the broker). */
    record OneOf(List<String> values) implements ValueType {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public String name() {
            return "enum";
        }

        @Override
        public String allowed() {
            return String.join(" | ", values);
        }

        @Override
        public Optional<String> problem(String value) {
            String text = value.trim().toUpperCase(Locale.ROOT);
            return values.stream().anyMatch(v -> v.toUpperCase(Locale.ROOT).equals(text)) ? Optional.empty()
                    : Optional.of("must be one of " + allowed() + ", was '" + value + "'");
        }
    }

    /** {@code host:port;host:port}; empty entries are skipped, so an empty list is allowed. */
    record AddressList() implements ValueType {
        public static final AddressList INSTANCE = new AddressList();
        private static final Pattern PORT = Pattern.compile("\\d{1,5}");

        @Override
        public String name() {
            return "list";
        }

        @Override
        public String allowed() {
            return "host:port;host:port";
        }

        @Override
        public Optional<String> problem(String value) {
            for (String part : value.split(";")) {
                String address = part.trim();
                int colon = address.lastIndexOf(':');
                if (!address.isEmpty() && (colon <= 0 || !PORT.matcher(address.substring(colon + 1)).matches())) {
                    return Optional.of("must be host:port;host:port, and '" + address + "' is not host:port");
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One address {@code host:port} (port 1..65535, host without spaces, ';' or ','; an IPv6 host in brackets), or
     * empty when {@code emptyAllowed}.
     */
    record HostPort(boolean emptyAllowed) implements ValueType {
        public static final HostPort OPTIONAL = new HostPort(true);
        public static final HostPort REQUIRED = new HostPort(false);
        private static final Pattern FORM = Pattern.compile("([^\\s:;,\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})");

        @Override
        public String name() {
            return "string";
        }

        @Override
        public String allowed() {
            return emptyAllowed ? "empty or host:port" : "host:port";
        }

        @Override
        public Optional<String> problem(String value) {
            String text = value.trim();
            if (text.isEmpty()) {
                return emptyAllowed ? Optional.empty() : Optional.of("must be host:port, was empty");
            }
            java.util.regex.Matcher matcher = FORM.matcher(text);
            if (!matcher.matches()) {
                return Optional.of("must be " + allowed() + ", was '" + value + "'");
            }
            int port = Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65535) {
                return Optional.of("must be host:port with a port between 1 and 65535, was '" + value + "'");
            }
            return Optional.empty();
        }
    }
}
