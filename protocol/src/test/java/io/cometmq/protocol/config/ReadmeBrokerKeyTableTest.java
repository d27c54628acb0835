package io.cometmq.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's broker key table is written by hand (its wording is for people) and checked here against
 * {@link BrokerConfigKeys}: the keys in its first column are exactly the keys the broker reads, so adding a key to
 * the table without documenting it, or documenting a key that does not exist, fails the build.
 */
class ReadmeBrokerKeyTableTest {
    private static final Path README = Path.of(System.getProperty("readme.file", "../README.md"));
    private static final Pattern KEY = Pattern.compile("`([A-Za-z0-9_.]+)`");

    @Test
    void readmeBrokerTableListsExactlyTheKeysTheBrokerReads() throws Exception {
        assertThat(keysIn(brokerTableRows())).containsExactlyInAnyOrderElementsOf(BrokerConfigKeys.readNames());
    }

    @Test
    void aRowForOneKeyShowsTheTablesPlainDefault() throws Exception {
        for (String row : brokerTableRows()) {
            Set<String> keys = keysIn(List.of(row));
            if (keys.size() != 1) {
                continue;
            }
            ConfigKey key = BrokerConfigKeys.find(keys.iterator().next()).orElseThrow();
            if (key.defaultValue() != null && !key.defaultValue().isEmpty()) {
                assertThat(row.split("\\|")[2]).as("README default of " + key.name())
                        .contains("`" + key.defaultValue() + "`");
            }
        }
    }

    private static Set<String> keysIn(List<String> rows) {
        Set<String> keys = new TreeSet<>();
        for (String row : rows) {
            Matcher key = KEY.matcher(row.split("\\|")[1]);
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }

    /** The rows (after the header) of the first table under "## Broker". */
    private static List<String> brokerTableRows() throws Exception {
        List<String> lines = Files.readAllLines(README);
        int section = lines.indexOf("## Broker");
        assertThat(section).as("README has a '## Broker' section").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty() || line.startsWith("## ")) {
                break;
            }
        }
        assertThat(rows).as("rows of the README's broker table").hasSizeGreaterThan(2);
        return rows.subList(2, rows.size());
    }
}
