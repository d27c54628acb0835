package io.cometmq.protocol;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One remoting frame: a request or a response. Mutable while it is being built, then handed to Netty; header
 * fields travel as string pairs in {@link #extFields()}.
 */
public final class RemotingCommand {

    /** Version our peers see: the 5.3.3 ordinal, so clients enable every feature we implement (e.g. SQL92). */
    public static final int CURRENT_VERSION = 479;

    private static final int RESPONSE_FLAG = 1;
    private static final int ONEWAY_FLAG = 1 << 1;
    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    /** The body as read-only parts written without a copy (zero-copy); null when {@link #body} holds it. */
    private List<ByteBuffer> bodyParts;
    private SerializeType serializeType = SerializeType.JSON;

    private RemotingCommand() {
    }

    /** A new request with a fresh opaque. */
    public static RemotingCommand request(int code) {
        RemotingCommand command = new RemotingCommand();
        command.code = code;
        command.opaque = NEXT_OPAQUE.getAndIncrement();
        return command;
    }

    /** A request carrying the given header fields. */
    public static RemotingCommand request(int code, Map<String, String> header) {
        RemotingCommand command = request(code);
        command.extFields = header == null ? null : new LinkedHashMap<>(header);
        return command;
    }

    /** A response to {@code request}: same opaque, same header encoding, response bit set. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand response = new RemotingCommand();
        response.code = code;
        response.remark = remark;
        response.opaque = request.opaque;
        response.flag = RESPONSE_FLAG;
        response.serializeType = request.serializeType;
        return response;
    }

    /** A bare command as read off the wire; the decoder fills every field. */
    public static RemotingCommand decoded() {
        return new RemotingCommand();
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language == null ? LanguageCode.JAVA : language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public boolean isResponse() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_FLAG;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The header fields; null when the frame had none. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(Map<String, String> fields) {
        this.extFields = fields;
        return this;
    }

    public String field(String name) {
        return extFields == null ? null : extFields.get(name);
    }

    /** Adds one header field, ignoring null values (RocketMQ omits null fields). */
    public RemotingCommand putField(String name, Object value) {
        if (value != null) {
            if (extFields == null) {
                extFields = new LinkedHashMap<>();
            }
            extFields.put(name, String.valueOf(value));
        }
        return this;
    }

    /** Adds all header fields of a typed header. */
    public RemotingCommand putFields(Map<String, String> fields) {
        if (fields != null) {
            fields.forEach(this::putField);
        }
        return this;
    }

    /** The body bytes; a body given as {@link #bodyParts} is copied into one array on the first call. */
    public byte[] body() {
        List<ByteBuffer> parts = bodyParts;
        if (body == null && parts != null) {
            ByteBuffer joined = ByteBuffer.allocate(length(parts));
            parts.forEach(part -> joined.put(part.duplicate()));
            body = joined.array();
        }
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        this.bodyParts = null;
        return this;
    }

    /**
     * Sets the body as parts sent back to back (e.g. slices of the mapped commit log): the encoder writes them to
     * the socket as they are, so the bytes are never copied onto the heap. The buffers must stay unchanged until
     * the frame is written; their positions are never moved.
     */
    public RemotingCommand bodyParts(List<ByteBuffer> parts) {
        this.bodyParts = List.copyOf(parts);
        this.body = null;
        return this;
    }

    /** The body parts when the body was given that way and not yet read through {@link #body()}, else null. */
    public List<ByteBuffer> bodyParts() {
        return body == null ? bodyParts : null;
    }

    /** Bytes in the body, whichever way it is held. */
    public int bodyLength() {
        if (body != null) {
            return body.length;
        }
        List<ByteBuffer> parts = bodyParts;
        return parts == null ? 0 : length(parts);
    }

    private static int length(List<ByteBuffer> parts) {
        int length = 0;
        for (ByteBuffer part : parts) {
            length = Math.addExact(length, part.remaining());
        }
        return length;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType type) {
        this.serializeType = type;
        return this;
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + code + ", opaque=" + opaque + ", flag=" + flag
                + (remark == null ? "" : ", remark=" + remark)
                + (extFields == null ? "" : ", extFields=" + extFields)
                + ", body=" + bodyLength() + "B}";
    }
}
