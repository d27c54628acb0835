package io.cometmq.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the end-to-end test is told through the environment, and whether it can run at all.
 *
 * @param kubeconfig   {@code COMETMQ_E2E_KUBECONFIG}: the cluster to drive (required, else the test skips)
 * @param imageTag     {@code COMETMQ_E2E_IMAGE_TAG}: tag of every CometMQ image; default the chart's appVersion,
 *                     which is also what {@code scripts/build-images.sh} tags besides {@code dev}
 * @param imagePrefix  {@code COMETMQ_E2E_IMAGE_PREFIX}: prepended to {@code nameserver}, {@code broker},
 *                     {@code operator}, {@code e2e-client}; default {@code cometmq/}
 *                     (e.g. {@code registry:5000/cometmq/})
 * @param storageClass {@code COMETMQ_E2E_STORAGE_CLASS}: StorageClass of the master/slave cluster's volumes; empty =
 *                     the cluster's default class, if it has one
 */
record E2eEnvironment(Path kubeconfig, String imageTag, String imagePrefix, Optional<String> storageClass,
        Path repo) {
    static final String KUBECONFIG = "COMETMQ_E2E_KUBECONFIG";
    static final String IMAGE_TAG = "COMETMQ_E2E_IMAGE_TAG";
    static final String IMAGE_PREFIX = "COMETMQ_E2E_IMAGE_PREFIX";
    static final String STORAGE_CLASS = "COMETMQ_E2E_STORAGE_CLASS";

    /** Why the test cannot run with {@code env}, or empty when it can. */
    static Optional<String> skipReason(Map<String, String> env) {
        String kubeconfig = env.get(KUBECONFIG);
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return Optional.of("Skipped: set " + KUBECONFIG + " to the kubeconfig of a Kubernetes cluster (1.25+) "
                    + "whose nodes have the CometMQ images (nameserver, broker, operator, e2e-client) under the tag "
                    + "in " + IMAGE_TAG + " (default: the chart's appVersion); see docs/TESTING.md");
        }
        if (!Files.isReadable(Path.of(expandHome(kubeconfig)))) {
            return Optional.of("Skipped: " + KUBECONFIG + "=" + kubeconfig + " is not a readable file");
        }
        return Optional.empty();
    }

    static E2eEnvironment from(Map<String, String> env, Path repo) throws IOException {
        String tag = blankToNull(env.get(IMAGE_TAG));
        if (tag == null) {
            tag = chartAppVersion(repo.resolve("helm/cometmq-operator/Chart.yaml"));
        }
        String prefix = Optional.ofNullable(blankToNull(env.get(IMAGE_PREFIX))).orElse("cometmq/");
        return new E2eEnvironment(Path.of(expandHome(env.get(KUBECONFIG))), tag, prefix,
                Optional.ofNullable(blankToNull(env.get(STORAGE_CLASS))), repo);
    }

    /** {@code <prefix><name>:<tag>}, e.g. {@code cometmq/broker:0.1.0}. */
    String image(String name) {
        return imagePrefix + name + ":" + imageTag;
    }

    static String chartAppVersion(Path chartYaml) throws IOException {
        Map<?, ?> chart = new ObjectMapper(new YAMLFactory()).readValue(chartYaml.toFile(), Map.class);
        Object appVersion = chart.get("appVersion");
        if (appVersion == null) {
            throw new IllegalStateException(chartYaml + " has no appVersion");
        }
        return appVersion.toString();
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getenv("HOME") + path.substring(1)
                : path;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
