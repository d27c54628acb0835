package io.cometmq.operator.model;

import io.cometmq.operator.crd.JvmSpec;
import java.util.ArrayList;
import java.util.List;

/** Turns a JvmSpec into the JAVA_OPTS string the images read: heap flags first, then the user's options. */
public final class JvmOptions {
    private JvmOptions() {}

    public static String javaOpts(JvmSpec jvm) {
        List<String> opts = new ArrayList<>();
        if (jvm != null && jvm.getHeap() != null) {
            opts.add("-Xms" + jvm.getHeap());
            opts.add("-Xmx" + jvm.getHeap());
        }
        if (jvm != null && jvm.getOptions() != null) {
            opts.addAll(jvm.getOptions());
        }
        return String.join(" ", opts);
    }
}
