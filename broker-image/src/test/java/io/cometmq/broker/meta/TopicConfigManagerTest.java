package io.cometmq.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.body.DataVersion;
import io.cometmq.protocol.body.TopicConfig;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic table's persistence: every change is on disk when the call returns (a new manager reading the same
 * directory, as after a SIGKILL, sees it), written as a journal line rather than a rewrite of the whole file.
 */
class TopicConfigManagerTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    private TopicConfigManager manager() {
        return new TopicConfigManager(dir, clock);
    }

    @Test
    void everyAnsweredChangeIsReadBackByTheNextManagerWithItsVersion() {
        TopicConfigManager first = manager();
        first.ensureSystemTopics("C", "b", true, 8, true, true);
        first.update(TopicConfig.of("created", 8, 6));
        first.getOrCreateForSend("auto", null, 4);
        first.getOrCreateSystemTopic("%RETRY%g", 1);
        first.update(TopicConfig.of("replaced", 8, 6));
        first.update(TopicConfig.of("replaced", 16, 6));
        first.update(TopicConfig.of("gone", 8, 6));
        assertThat(first.delete("gone")).isTrue();

        TopicConfigManager second = manager(); // no shutdown of the first: as after kill -9
        assertThat(second.all()).isEqualTo(first.all());
        assertThat(second.get("replaced").readQueueNums()).isEqualTo(16);
        assertThat(second.get("auto").readQueueNums()).isEqualTo(4);
        assertThat(second.get("gone")).isNull();
        assertThat(second.dataVersion()).isEqualTo(first.dataVersion());
    }

    @Test
    void aSingleChangeAppendsOneLineInsteadOfRewritingTheFile() throws Exception {
        TopicConfigManager topics = manager();
        topics.ensureSystemTopics("C", "b", true, 8, true, true);
        byte[] file = Files.readAllBytes(dir.resolve("topics.json"));
        for (int i = 0; i < 10; i++) {
            topics.update(TopicConfig.of("t" + i, 8, 6));
        }
        assertThat(Files.readAllBytes(dir.resolve("topics.json"))).isEqualTo(file);
        assertThat(Files.readAllLines(dir.resolve("topics.json.journal"))).hasSize(10);
    }

    @Test
    void theFileIsRewrittenOnceTheJournalIsAsLongAsTheTableSoCostStaysLinear() throws Exception {
        TopicConfigManager topics = manager();
        int n = 520; // rewrites at the 257th and 516th change: each 1 fsync, so kept small
        List<Integer> journalLengths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            topics.update(TopicConfig.of("t" + i, 8, 6));
            journalLengths.add(Files.readAllLines(dir.resolve("topics.json.journal")).size());
        }
        // rewritten at 256 entries, then whenever the journal holds half as many entries as there are topics
        assertThat(journalLengths).allMatch(length -> length <= n / 2);
        assertThat(journalLengths.stream().filter(length -> length == 0).count()).isBetween(1L, 3L);
        assertThat(manager().all()).hasSize(n).isEqualTo(topics.all());
    }

    @Test
    void aListIsWrittenAndAnnouncedOnceUnderOneVersion() throws Exception {
        TopicConfigManager topics = manager();
        List<Map<String, TopicConfig>> announced = new ArrayList<>();
        List<DataVersion> versions = new ArrayList<>();
        topics.addListener((updated, version) -> {
            announced.add(updated);
            versions.add(version);
        });
        DataVersion before = topics.dataVersion();
        List<TopicConfig> list = IntStream.range(0, 5).mapToObj(i -> TopicConfig.of("l" + i, 8, 6)).toList();
        topics.updateAll(list);

        assertThat(announced).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("topics.json.journal"))).hasSize(5);
        assertThat(announced.get(0)).containsOnlyKeys("l0", "l1", "l2", "l3", "l4");
        assertThat(versions.get(0)).isEqualTo(topics.dataVersion()).isNotEqualTo(before);
        assertThat(versions.get(0).counter()).isEqualTo(before.counter() + 1);
        assertThat(manager().all()).containsKeys("l0", "l4");
        assertThat(manager().dataVersion()).isEqualTo(versions.get(0));
    }

    @Test
    void deletionsAndReplacementsAnnounceTheWholeTable() {
        TopicConfigManager topics = manager();
        topics.update(TopicConfig.of("a", 8, 6));
        List<Map<String, TopicConfig>> announced = new ArrayList<>();
        topics.addListener((updated, version) -> announced.add(updated));
        topics.delete("a");
        topics.replaceAll(Map.of("m", TopicConfig.of("m", 4, 6)), null);
        assertThat(announced).containsExactly(null, null);
    }

    @Test
    void journalLinesAlreadyInTheFileAreNotReplayedAfterACrashBeforeTheJournalWasEmptied() throws Exception {
        TopicConfigManager first = manager();
        first.update(TopicConfig.of("replaced-away", 8, 6));
        byte[] journalBeforeRewrite = Files.readAllBytes(dir.resolve("topics.json.journal"));
        first.replaceAll(Map.of("m", TopicConfig.of("m", 4, 6)), null); // rewrites the file, empties the journal
        Files.write(dir.resolve("topics.json.journal"), journalBeforeRewrite); // as if killed in between

        assertThat(manager().all()).containsOnlyKeys("m");
    }

    @Test
    void aTornLastLineIsDroppedAndLaterChangesStillRead() throws Exception {
        TopicConfigManager first = manager();
        first.update(TopicConfig.of("kept", 8, 6));
        Files.writeString(dir.resolve("topics.json.journal"), "{\"put\":{\"topicName\":\"torn\",\"rea",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        TopicConfigManager second = manager();
        assertThat(second.get("kept")).isNotNull();
        assertThat(second.get("torn")).isNull();
        second.update(TopicConfig.of("after", 8, 6));
        assertThat(manager().all()).containsKeys("kept", "after").doesNotContainKey("torn");
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorNamingTheFileAndLine() throws Exception {
        manager().update(TopicConfig.of("a", 8, 6));
        Files.writeString(dir.resolve("topics.json.journal"), "not json\n{}\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThatThrownBy(this::manager).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("line 2 of").hasMessageContaining("topics.json.journal");
    }
}
