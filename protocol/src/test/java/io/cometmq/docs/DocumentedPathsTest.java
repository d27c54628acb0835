package io.cometmq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every repository path the README and {@code docs/*.md} name in backticks exists, so a moved or renamed file or
 * folder cannot leave the documentation pointing at nothing. A path here is a backticked token whose first
 * segment is a top-level entry of the repository ({@code scripts/build-images.sh}, or a pattern such as
 * {@code protocol/.../Settings.java}: {@code ...}, {@code …} and {@code **} stand for any folders, {@code *} for
 * part of a name, and a class may go without {@code .java}), or a class named by its package
 * ({@code reconcile/ResourceApplier}, {@code codec/RemotingCommandCodec}) in any module. Build output ({@code target/}) and placeholders ({@code <x>}) are not
 * checked: they exist only after a build or stand for a reader's values.
 */
class DocumentedPathsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern PACKAGE_AND_CLASS = Pattern.compile("[a-z]+/[A-Z][A-Za-z0-9]*");
    private static final Set<String> NOT_WALKED = Set.of(".git", "target", "node_modules");

    @Test
    void everyPathTheReadmeAndDocsNameExists() throws IOException {
        assertThat(REPO.resolve("README.md")).as("repository root (the module's parent)").exists();
        List<Path> files = repositoryFiles();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (String path : namedPaths(Files.readString(doc))) {
                checked++;
                if (!exists(path, files)) {
                    missing.add(REPO.relativize(doc) + ": `" + path + "`");
                }
            }
        }
        assertThat(checked).as("paths found in the documents").isGreaterThan(20);
        assertThat(missing).as("paths named in the documentation that do not exist").isEmpty();
    }

    @Test
    void namesOnlyRepositoryPaths() throws IOException {
        Set<String> named = namedPaths("`scripts/build-images.sh` `cometmq/broker:dev` `cometmq/operator` `/tmp`"
                + " `broker-image/target/cometmq-broker.jar` `<module>/target/logs/` `reconcile/ResourceApplier`"
                + " `protocol/.../config/BrokerConfigKeys.java` `helm/` `Degraded=True/PodCreateFailed`");
        assertThat(named).containsExactly("scripts/build-images.sh", "reconcile/ResourceApplier",
                "protocol/.../config/BrokerConfigKeys.java", "helm/");
        List<Path> files = repositoryFiles();
        assertThat(exists("protocol/.../config/BrokerConfigKeys.java", files)).isTrue();
        assertThat(exists("protocol/.../config/NoSuchKeys.java", files)).isFalse();
        assertThat(exists("scripts/no-such-script.sh", files)).isFalse();
        assertThat(exists("reconcile/NoSuchStep", files)).isFalse();
        assertThat(exists("codec/RemotingCommandCodec", files)).isTrue();
        assertThat(exists("protocol/\u2026/protocol/netty/", files)).isTrue();
        assertThat(exists("protocol/\u2026/protocol/nosuch/", files)).isFalse();
        assertThat(exists("operator/Dockerfile", files)).isTrue();
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(REPO.resolve("README.md"));
        try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    static Set<String> namedPaths(String text) throws IOException {
        Set<String> topLevel = topLevelEntries();
        Set<String> paths = new LinkedHashSet<>();
        Matcher token = BACKTICKED.matcher(text);
        while (token.find()) {
            String candidate = token.group(1);
            if (!candidate.contains("/") || candidate.contains("<") || candidate.contains("=")
                    || candidate.contains(":")) {
                continue;
            }
            boolean buildOutput = firstSegment(candidate).equals("target") || candidate.contains("/target/");
            if ((topLevel.contains(firstSegment(candidate)) && !buildOutput)
                    || PACKAGE_AND_CLASS.matcher(candidate).matches()) {
                paths.add(candidate);
            }
        }
        return paths;
    }

    private static String firstSegment(String path) {
        return path.substring(0, path.indexOf('/'));
    }

    private static Set<String> topLevelEntries() throws IOException {
        Set<String> topLevel = new TreeSet<>();
        try (Stream<Path> entries = Files.list(REPO)) {
            entries.map(p -> p.getFileName().toString()).forEach(topLevel::add);
        }
        return topLevel;
    }

    private static boolean exists(String path, List<Path> files) throws IOException {
        if (!topLevelEntries().contains(firstSegment(path))) {
            String suffix = "/" + path + ".java";
            return files.stream().map(f -> f.toString().replace('\\', '/'))
                    .anyMatch(f -> f.contains("/io/cometmq/") && f.endsWith(suffix));
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        trimmed = trimmed.replace("\u2026", "...");
        if (!trimmed.contains("*") && !trimmed.contains("...")) {
            return Files.exists(REPO.resolve(trimmed));
        }
        // a class is named without .java (`operator/**/*IT`)
        String pattern = trimmed.replace("...", "**");
        String lastSegment = pattern.substring(pattern.lastIndexOf('/') + 1);
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern
                + (lastSegment.contains(".") ? "" : "{,.java}"));
        return files.stream().map(REPO::relativize).anyMatch(glob::matches);
    }

    /** Every file and folder of the checkout, without build output and version-control data. */
    private static List<Path> repositoryFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(REPO, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (NOT_WALKED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                files.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                files.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }
}
