package io.cometmq.broker.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cometmq.broker.BrokerConfig;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.ValueType.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where clients outside reach this broker: {@code brokerExternalAddress}, or, when {@code externalAddressFile} is set,
 * this broker's entry in that file (JSON {@code {"<memberName>": "host:port", ...}}, rendered by the operator into a
 * ConfigMap), which wins. The file is re-read by {@link #refresh()}; an unreadable or invalid file is reported naming
 * the file and member and the last good address stays.
 */
public final class ExternalAddressSource {

    private static final Logger log = LoggerFactory.getLogger(ExternalAddressSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerConfig.ExternalAccess config;
    private volatile String current;
    private volatile String lastProblem;

    private ExternalAddressSource(BrokerConfig.ExternalAccess config) {
        this.config = config;
        this.current = config.file() == null ? config.address() : null;
    }

    /** Reads the file once (when there is one); a bad file is logged and leaves no external address yet. */
    public static ExternalAddressSource open(BrokerConfig.ExternalAccess config) {
        ExternalAddressSource source = new ExternalAddressSource(config);
        if (config.file() != null) {
            source.refresh();
            log.info("external address from {} (entry '{}'): {}", config.file(), config.memberName(),
                    source.current == null ? "none" : source.current);
        } else if (config.address() != null) {
            log.info("external address (brokerExternalAddress): {}", config.address());
        }
        return source;
    }

    /** The address clients outside use, if any. */
    public Optional<String> current() {
        return Optional.ofNullable(current);
    }

    /** Whether there is a file to re-read. */
    public boolean watchesFile() {
        return config.file() != null;
    }

    /** Re-reads the file; true when this broker's address changed (a bad file changes nothing and says why). */
    public boolean refresh() {
        if (config.file() == null) {
            return false;
        }
        String next;
        try {
            next = entryOf(config.file(), config.memberName());
        } catch (ConfigException e) {
            if (!e.getMessage().equals(lastProblem)) {
                log.error("{}; keeping external address {}", e.getMessage(), current == null ? "none" : current);
                lastProblem = e.getMessage();
            }
            return false;
        }
        lastProblem = null;
        if (Objects.equals(next, current)) {
            return false;
        }
        log.info("external address changed: {} -> {} (file {}, entry '{}')", current == null ? "none" : current,
                next == null ? "none" : next, config.file(), config.memberName());
        current = next;
        return true;
    }

    /**
     * This member's address in {@code file}: null when the file or the entry is missing (the operator writes an
     * entry once the address is known), else a valid host:port.
     *
     * @throws ConfigException naming the file and member when the file is unreadable, not a JSON object of strings,
     *                         or the entry is not host:port
     */
    static String entryOf(Path file, String memberName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException("cannot read the external address file " + file + " (key "
                    + "'externalAddressFile', member '" + memberName + "'): " + e);
        }
        return parseEntry(text, file, memberName);
    }

    static String parseEntry(String text, Path file, String memberName) {
        String where = "the external address file " + file + " (key 'externalAddressFile', member '" + memberName + "')";
        if (text.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(where + " must be a JSON object {\"<memberName>\": \"host:port\"}, was "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode entry = root.get(memberName);
        if (entry == null || entry.isNull()) {
            return null;
        }
        if (!entry.isTextual()) {
            throw new ConfigException(where + ": the entry must be a string \"host:port\", was " + entry);
        }
        String address = entry.asText().trim();
        if (address.isEmpty()) {
            return null;
        }
        HostPort.REQUIRED.problem(address).ifPresent(problem -> {
            throw new ConfigException(where + ": the entry " + problem);
        });
        return address;
    }
}
