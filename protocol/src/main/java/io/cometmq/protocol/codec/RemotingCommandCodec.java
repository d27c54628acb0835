package io.cometmq.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cometmq.protocol.LanguageCode;
import io.cometmq.protocol.RemotingCommand;
import io.cometmq.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Pure conversion between a {@link RemotingCommand} and its frame bytes, in both header encodings. All integers
 * are big-endian; strings are UTF-8.
 *
 * <p>Frame:
 * <pre>
 *  off  size  field
 *    0     4  length          i32, bytes after this field: 4 + header length + body length
 *    4     1  serializeType   high byte of the header word: 0 JSON, 1 ROCKETMQ ({@link SerializeType})
 *    5     3  header length   low 24 bits of the header word (at most 0xFFFFFF)
 *    8     h  header          JSON or ROCKETMQ, below
 *  8+h     b  body            whatever is left of the frame (b = length - 4 - h), may be empty
 * </pre>
 *
 * <p>ROCKETMQ (binary) header:
 * <pre>
 *  off  size  field
 *    0     2  code            i16 request or response code
 *    2     1  language        i8 {@link LanguageCode} code
 *    3     2  version         i16
 *    5     4  opaque          i32 request id, echoed by the response
 *    9     4  flag            i32, bit 0 response, bit 1 oneway
 *   13     4  remark length   i32 r, 0 for no remark
 *   17     r  remark
 *  17+r    4  extFields length i32 e, bytes of the entries that follow; 0 for no fields
 *  21+r    e  entries, each:  key length u16 k | key (k bytes) | value length i32 v | value (v bytes)
 * </pre>
 * The fixed part before the remark is 13 bytes. A null remark, key or value is written with length 0.
 *
 * <p>JSON headers are what fastjson writes for RocketMQ's RemotingCommand: {@code {"code":..,"extFields":{..},
 * "flag":..,"language":"JAVA","opaque":..,"remark":..,"serializeTypeCurrentRPC":"JSON","version":..}}.
 */
public final class RemotingCommandCodec {

    /** Bytes before the header: the length field and the header word. */
    public static final int PREFIX_LENGTH = 8;

    private static final int MAX_HEADER_LENGTH = 0xFFFFFF;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RemotingCommandCodec() {
    }

    /** Encodes the frame prefix and header; the body (length {@code bodyLength}) must follow. */
    public static void encodeHeader(RemotingCommand command, int bodyLength, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0); // frame length, patched below
        out.writeInt(0); // header word, patched below
        int headerStart = out.writerIndex();
        if (command.serializeType() == SerializeType.ROCKETMQ) {
            writeBinaryHeader(command, out);
        } else {
            writeJsonHeader(command, out);
        }
        int headerLength = out.writerIndex() - headerStart;
        if (headerLength > MAX_HEADER_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException("header of " + headerLength + " bytes exceeds the 24-bit limit");
        }
        out.setInt(start, 4 + headerLength + bodyLength);
        out.setInt(start + 4, (command.serializeType().code() << 24) | headerLength);
    }

    /** Encodes a whole frame, body included. */
    public static void encode(RemotingCommand command, ByteBuf out) {
        byte[] body = command.body();
        encodeHeader(command, body == null ? 0 : body.length, out);
        if (body != null) {
            out.writeBytes(body);
        }
    }

    /**
     * Decodes one frame whose length field has already been consumed: {@code frame} holds the header word,
     * the header and the body.
     */
    public static RemotingCommand decode(ByteBuf frame) {
        if (frame.readableBytes() < 4) {
            throw new FrameDecodeException("frame of " + frame.readableBytes() + " bytes has no header word", (RemotingCommand) null);
        }
        int headerWord = frame.readInt();
        int headerLength = headerWord & MAX_HEADER_LENGTH;
        int typeCode = (headerWord >>> 24) & 0xFF;
        SerializeType type = SerializeType.fromCode(typeCode);
        if (type == null) {
            throw new FrameDecodeException("unknown serialize type " + typeCode + " (expected 0 JSON or 1 ROCKETMQ)",
                    (RemotingCommand) null);
        }
        if (headerLength > frame.readableBytes()) {
            throw new FrameDecodeException("header length " + headerLength + " exceeds the " + frame.readableBytes()
                    + " bytes left in the frame", (RemotingCommand) null);
        }
        RemotingCommand command = decodeHeader(type, frame.readSlice(headerLength));
        if (frame.isReadable()) {
            byte[] body = new byte[frame.readableBytes()];
            frame.readBytes(body);
            command.body(body);
        }
        return command;
    }

    /** Decodes a header of the given type; used for whole frames and to identify the sender of oversize ones. */
    public static RemotingCommand decodeHeader(SerializeType type, ByteBuf header) {
        RemotingCommand command = RemotingCommand.decoded().serializeType(type);
        if (type == SerializeType.ROCKETMQ) {
            readBinaryHeader(header, command);
        } else {
            readJsonHeader(header, command);
        }
        return command;
    }

    // ---- JSON -------------------------------------------------------------------------------------------

    private static void writeJsonHeader(RemotingCommand command, ByteBuf out) {
        try (JsonGenerator json = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out))) {
            json.writeStartObject();
            json.writeNumberField("code", command.code());
            if (command.extFields() != null) {
                json.writeObjectFieldStart("extFields");
                for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                    if (field.getKey() != null && field.getValue() != null) {
                        json.writeStringField(field.getKey(), field.getValue());
                    }
                }
                json.writeEndObject();
            }
            json.writeNumberField("flag", command.flag());
            json.writeStringField("language", command.language().name());
            json.writeNumberField("opaque", command.opaque());
            if (command.remark() != null) {
                json.writeStringField("remark", command.remark());
            }
            json.writeStringField("serializeTypeCurrentRPC", SerializeType.JSON.name());
            json.writeNumberField("version", command.version());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON header", e);
        }
    }

    private static void readJsonHeader(ByteBuf header, RemotingCommand command) {
        byte[] bytes = new byte[header.readableBytes()];
        header.readBytes(bytes);
        try (JsonParser json = JSON.createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new FrameDecodeException("JSON header is not an object", (RemotingCommand) null);
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "code" -> command.code(json.getValueAsInt());
                    case "flag" -> command.flag(json.getValueAsInt());
                    case "opaque" -> command.opaque(json.getValueAsInt());
                    case "version" -> command.version(json.getValueAsInt());
                    case "language" -> command.language(value == JsonToken.VALUE_NULL ? LanguageCode.JAVA
                            : LanguageCode.parse(json.getValueAsString()));
                    case "remark" -> command.remark(value == JsonToken.VALUE_NULL ? null : json.getValueAsString());
                    case "extFields" -> command.extFields(readJsonFields(json, value));
                    default -> json.skipChildren(); // e.g. serializeTypeCurrentRPC: the header word decides
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FrameDecodeException("unparsable JSON header: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FrameDecodeException("unreadable JSON header: " + e.getMessage(), e);
        }
    }

    /** Ext fields are strings on the wire, but fastjson readers accept numbers and booleans; so do we. */
    private static Map<String, String> readJsonFields(JsonParser json, JsonToken start) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return null;
        }
        if (start != JsonToken.START_OBJECT) {
            throw new FrameDecodeException("extFields is not a JSON object", (RemotingCommand) null);
        }
        Map<String, String> fields = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                throw new FrameDecodeException("extFields value of '" + key + "' is not a scalar", (RemotingCommand) null);
            }
            if (value != JsonToken.VALUE_NULL) {
                fields.put(key, json.getValueAsString());
            }
        }
        return fields;
    }

    // ---- ROCKETMQ binary --------------------------------------------------------------------------------

    private static void writeBinaryHeader(RemotingCommand command, ByteBuf out) {
        out.writeShort(command.code());
        out.writeByte(command.language().code());
        out.writeShort(command.version());
        out.writeInt(command.opaque());
        out.writeInt(command.flag());
        writeBinaryString(out, command.remark(), 4);
        Map<String, String> fields = command.extFields();
        if (fields == null || fields.isEmpty()) {
            out.writeInt(0);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (field.getKey() != null && field.getValue() != null) {
                writeBinaryString(out, field.getKey(), 2);
                writeBinaryString(out, field.getValue(), 4);
            }
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void writeBinaryString(ByteBuf out, String value, int lengthBytes) {
        if (value == null) {
            writeLength(out, 0, lengthBytes);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLength(out, bytes.length, lengthBytes);
        out.writeBytes(bytes);
    }

    private static void writeLength(ByteBuf out, int length, int lengthBytes) {
        if (lengthBytes == 2) {
            out.writeShort(length);
        } else {
            out.writeInt(length);
        }
    }

    private static void readBinaryHeader(ByteBuf header, RemotingCommand command) {
        if (header.readableBytes() < 13) {
            throw new FrameDecodeException("binary header of " + header.readableBytes()
                    + " bytes is shorter than its 13-byte fixed part", (RemotingCommand) null);
        }
        command.code(header.readShort());
        command.language(LanguageCode.fromCode(header.readByte()));
        command.version(header.readShort());
        command.opaque(header.readInt());
        command.flag(header.readInt());
        // From here on the sender is known: errors carry the command so it can be answered.
        command.remark(readBinaryString(header, 4, "remark", command));
        int mapLength = readLength(header, 4, "extFields", command);
        if (mapLength == 0) {
            return;
        }
        ByteBuf map = header.readSlice(mapLength);
        Map<String, String> fields = new HashMap<>();
        while (map.isReadable()) {
            String key = readBinaryString(map, 2, "extFields key", command);
            String value = readBinaryString(map, 4, "extFields value", command);
            if (key != null && value != null) {
                fields.put(key, value);
            }
        }
        command.extFields(fields);
    }

    private static String readBinaryString(ByteBuf in, int lengthBytes, String what, RemotingCommand command) {
        int length = readLength(in, lengthBytes, what, command);
        if (length == 0) {
            return null;
        }
        return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    private static int readLength(ByteBuf in, int lengthBytes, String what, RemotingCommand command) {
        if (in.readableBytes() < lengthBytes) {
            throw new FrameDecodeException("binary header truncated before the length of " + what, command);
        }
        int length = lengthBytes == 2 ? in.readUnsignedShort() : in.readInt();
        if (length < 0 || length > in.readableBytes()) {
            throw new FrameDecodeException("binary header: length " + length + " of " + what + " exceeds the "
                    + in.readableBytes() + " bytes left", command);
        }
        return length;
    }
}
