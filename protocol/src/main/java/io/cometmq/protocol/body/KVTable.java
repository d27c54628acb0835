package io.cometmq.protocol.body;

import java.util.Map;

/** A string map body, e.g. broker runtime info. */
public record KVTable(Map<String, String> table) {

    public KVTable {
        table = table == null ? Map.of() : table;
    }
}
