package io.cometmq.protocol.header;

import io.cometmq.protocol.RemotingCommand;
import java.util.Map;

/**
 * NameServer KV config: PUT_KV_CONFIG (100), GET_KV_CONFIG (101), DELETE_KV_CONFIG (102),
 * GET_KVLIST_BY_NAMESPACE (219).
 */
public final class KvConfigHeaders {

    private KvConfigHeaders() {
    }

    /** PutKVConfigRequestHeader. */
    public record Put(String namespace, String key, String value) {

        public static Put decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Put(f.required("namespace"), f.required("key"), f.required("value"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("namespace", namespace).put("key", key).put("value", value).map();
        }
    }

    /** GetKVConfigRequestHeader and DeleteKVConfigRequestHeader. */
    public record Key(String namespace, String key) {

        public static Key decode(RemotingCommand command) {
            ExtFields f = ExtFields.of(command);
            return new Key(f.required("namespace"), f.required("key"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("namespace", namespace).put("key", key).map();
        }
    }

    /** GetKVConfigResponseHeader. */
    public record Value(String value) {

        public static Value decode(RemotingCommand command) {
            return new Value(ExtFields.of(command).optional("value"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("value", value).map();
        }
    }

    /** GetKVListByNamespaceRequestHeader. */
    public record Namespace(String namespace) {

        public static Namespace decode(RemotingCommand command) {
            return new Namespace(ExtFields.of(command).required("namespace"));
        }

        public Map<String, String> encode() {
            return new HeaderFields().put("namespace", namespace).map();
        }
    }
}
