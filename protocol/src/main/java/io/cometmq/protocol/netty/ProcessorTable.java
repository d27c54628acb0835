package io.cometmq.protocol.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** Request code → processor and the executor it runs on. Codes without an entry get the default, if any. */
public final class ProcessorTable {

    /** A processor with the executor that runs it (so slow admin requests cannot stall sends, for example). */
    public record Entry(RequestProcessor processor, Executor executor) {
    }

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private volatile Entry fallback;

    public void register(int code, RequestProcessor processor, Executor executor) {
        entries.put(code, new Entry(processor, executor));
    }

    public void registerDefault(RequestProcessor processor, Executor executor) {
        fallback = new Entry(processor, executor);
    }

    /** The entry for {@code code}, the default entry, or null when nobody handles it. */
    public Entry lookup(int code) {
        Entry entry = entries.get(code);
        return entry != null ? entry : fallback;
    }
}
