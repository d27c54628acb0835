package io.cometmq.broker.transaction;

import java.util.ArrayList;
import java.util.List;

/** The body of an op record: half-queue offsets, each followed by ',' (e.g. {@code "17,"} or {@code "3,4,"}). */
public final class OpBody {

    private OpBody() {
    }

    public static String encode(long halfQueueOffset) {
        return halfQueueOffset + ",";
    }

    /** The offsets listed; blanks and anything not a non-negative number are skipped (a bad op must not stop us). */
    public static List<Long> parse(String body) {
        List<Long> offsets = new ArrayList<>();
        if (body == null) {
            return offsets;
        }
        for (String part : body.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                long offset = Long.parseLong(trimmed);
                if (offset >= 0) {
                    offsets.add(offset);
                }
            } catch (NumberFormatException e) {
                // not ours to fix; the half message stays unresolved and gets checked
            }
        }
        return offsets;
    }
}
