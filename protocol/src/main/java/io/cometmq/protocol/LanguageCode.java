package io.cometmq.protocol;

/** The sender's language as RocketMQ numbers it; the binary header carries the ordinal-like code. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10),
    OMS(11), RUST(12), NODE_JS(13);

    private final int code;

    LanguageCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Unknown codes decode as OTHER rather than failing: the language is informational only. */
    public static LanguageCode fromCode(int code) {
        for (LanguageCode language : values()) {
            if (language.code == code) {
                return language;
            }
        }
        return OTHER;
    }

    /** Accepts the enum name (what Java peers write) or its number; unknown values give OTHER. */
    public static LanguageCode parse(String text) {
        if (text == null || text.isEmpty()) {
            return JAVA;
        }
        for (LanguageCode language : values()) {
            if (language.name().equals(text)) {
                return language;
            }
        }
        try {
            return fromCode(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OTHER;
        }
    }
}
