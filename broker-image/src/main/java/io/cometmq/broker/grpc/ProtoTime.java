package io.cometmq.broker.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Milliseconds to and from protobuf's Timestamp and Duration (without protobuf-java-util). */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp timestamp(long millis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(millis, 1000))
                .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000).build();
    }

    public static long millis(Timestamp timestamp) {
        return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
    }

    public static Duration duration(long millis) {
        return Duration.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
    }

    public static long millis(Duration duration) {
        return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
    }
}
