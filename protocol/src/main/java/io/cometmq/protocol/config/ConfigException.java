package io.cometmq.protocol.config;

/** A configuration problem, phrased for the person who wrote the file: which key, what is wrong, what is allowed. */
public class ConfigException extends IllegalArgumentException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
