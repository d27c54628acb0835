package io.cometmq.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cometmq.operator.crd.BrokerCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads examples/*.yaml strictly: an unknown field (a typo) fails instead of being dropped. */
public final class Examples {
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Examples() {}

    public static Path dir() {
        return Path.of(System.getProperty("examples.dir", "../examples"));
    }

    /** The BrokerCluster examples. */
    public static List<Path> files() throws IOException {
        return files("BrokerCluster");
    }

    /** The examples of one kind (the {@code kind:} line of the file). */
    public static List<Path> files(String kind) throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".yaml")).filter(p -> isKind(p, kind)).sorted().toList();
        }
    }

    private static boolean isKind(Path file, String kind) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.equals("kind: " + kind));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A BrokerUser example, strictly loaded, in the test namespace. */
    public static io.cometmq.operator.crd.BrokerUser loadUser(Path file) throws IOException {
        io.cometmq.operator.crd.BrokerUser user = STRICT.readValue(file.toFile(), io.cometmq.operator.crd.BrokerUser.class);
        user.getMetadata().setNamespace(BrokerClusters.NAMESPACE);
        return user;
    }

    /** The example as the API server would store it in the test namespace. */
    public static BrokerCluster load(Path file) throws IOException {
        BrokerCluster cluster = STRICT.readValue(file.toFile(), BrokerCluster.class);
        cluster.getMetadata().setNamespace(BrokerClusters.NAMESPACE);
        cluster.getMetadata().setUid("uid-" + cluster.getMetadata().getName());
        cluster.getMetadata().setGeneration(1L);
        return cluster;
    }
}
