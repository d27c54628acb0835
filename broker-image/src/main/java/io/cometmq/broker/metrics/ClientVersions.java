package io.cometmq.broker.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code version} label: clients send a version number in every request, the ordinal of Apache RocketMQ's
 * {@code MQVersion.Version} enum; the label is that constant's name in lower case ({@code v5_3_3}), and a number
 * beyond the table is {@code higher_version}, as MQVersion.getVersionDesc does.
 *
 * <p>The table's layout: 16 pre-releases of 3.0.0 first, then for every release from 3.0.1 on a {@code _SNAPSHOT}
 * constant followed by the release (3.0.1..3.0.15, 3.1.0..3.2.9, 3.3.1..3.9.9 without x.y.0, 4.0.0..5.9.9), then
 * HIGHER_VERSION. ClientVersionsTest compares every ordinal with the Apache client's own enum.
 */
final class ClientVersions {

    private static final String[] FIRST = {"V3_0_0_SNAPSHOT", "V3_0_0_ALPHA1", "V3_0_0_BETA1", "V3_0_0_BETA2",
        "V3_0_0_BETA3", "V3_0_0_BETA4", "V3_0_0_BETA5", "V3_0_0_BETA6_SNAPSHOT", "V3_0_0_BETA6",
        "V3_0_0_BETA7_SNAPSHOT", "V3_0_0_BETA7", "V3_0_0_BETA8_SNAPSHOT", "V3_0_0_BETA8", "V3_0_0_BETA9_SNAPSHOT",
        "V3_0_0_BETA9", "V3_0_0_FINAL"};
    private static final String HIGHER = "higher_version";
    private static final String[] NAMES = table();

    private ClientVersions() {
    }

    static String label(int version) {
        if (version < 0) {
            return Integer.toString(version);
        }
        return version < NAMES.length ? NAMES[version] : HIGHER;
    }

    private static String[] table() {
        List<String> names = new ArrayList<>(List.of(FIRST));
        for (int patch = 1; patch <= 15; patch++) {
            release(names, 3, 0, patch);
        }
        for (int minor = 1; minor <= 9; minor++) {
            for (int patch = minor <= 2 ? 0 : 1; patch <= 9; patch++) {
                release(names, 3, minor, patch);
            }
        }
        for (int major = 4; major <= 5; major++) {
            for (int minor = 0; minor <= 9; minor++) {
                for (int patch = 0; patch <= 9; patch++) {
                    release(names, major, minor, patch);
                }
            }
        }
        names.add(HIGHER);
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private static void release(List<String> names, int major, int minor, int patch) {
        String name = "V" + major + "_" + minor + "_" + patch;
        names.add(name + "_SNAPSHOT");
        names.add(name);
    }
}
