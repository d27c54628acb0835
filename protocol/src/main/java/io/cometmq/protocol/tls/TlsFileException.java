package io.cometmq.protocol.tls;

import java.nio.file.Path;

/** A TLS PEM file that cannot be used; the message names the file and never shows its content. */
public final class TlsFileException extends RuntimeException {

    private final transient Path path;

    public TlsFileException(Path path, String problem) {
        super("TLS file " + path + " " + problem);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
