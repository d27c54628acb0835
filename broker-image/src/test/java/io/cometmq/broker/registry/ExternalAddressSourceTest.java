package io.cometmq.broker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.broker.BrokerConfig;
import io.cometmq.protocol.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalAddressSourceTest {

    @TempDir
    Path dir;

    @Test
    void theKeyAloneGivesTheAddress() {
        ExternalAddressSource source = ExternalAddressSource.open(
                new BrokerConfig.ExternalAccess("203.0.113.1:30911", null, null));
        assertThat(source.current()).contains("203.0.113.1:30911");
        assertThat(source.watchesFile()).isFalse();
        assertThat(source.refresh()).isFalse();
        assertThat(ExternalAddressSource.open(BrokerConfig.ExternalAccess.NONE).current()).isEmpty();
    }

    @Test
    void theFileWinsOverTheKeyAndAMissingEntryOrFileMeansNone() throws Exception {
        Path file = dir.resolve("addresses.json");
        BrokerConfig.ExternalAccess access = new BrokerConfig.ExternalAccess("203.0.113.1:30911", file, "demo-0");
        ExternalAddressSource source = ExternalAddressSource.open(access);
        assertThat(source.current()).as("no file yet").isEmpty();

        Files.writeString(file, "{\"demo-0\": \"lb.example.com:30001\", \"demo-1\": \"lb.example.com:30002\"}");
        assertThat(source.refresh()).isTrue();
        assertThat(source.current()).contains("lb.example.com:30001");
        assertThat(source.refresh()).as("unchanged").isFalse();

        Files.writeString(file, "{\"demo-1\": \"lb.example.com:30002\"}");
        assertThat(source.refresh()).isTrue();
        assertThat(source.current()).as("entry removed").isEmpty();
    }

    @Test
    void anInvalidFileKeepsTheLastGoodAddress() throws Exception {
        Path file = Files.writeString(dir.resolve("addresses.json"), "{\"demo-0\": \"10.1.2.3:30001\"}");
        ExternalAddressSource source = ExternalAddressSource.open(
                new BrokerConfig.ExternalAccess(null, file, "demo-0"));
        assertThat(source.current()).contains("10.1.2.3:30001");

        Files.writeString(file, "{\"demo-0\": \"10.1.2.3\"}");
        assertThat(source.refresh()).isFalse();
        Files.writeString(file, "not json");
        assertThat(source.refresh()).isFalse();
        assertThat(source.current()).contains("10.1.2.3:30001");

        Files.writeString(file, "{\"demo-0\": \"10.1.2.4:30001\"}");
        assertThat(source.refresh()).isTrue();
        assertThat(source.current()).contains("10.1.2.4:30001");
    }

    @Test
    void badContentIsNamedWithTheFileAndTheMember() {
        Path file = dir.resolve("addresses.json");
        assertThatThrownBy(() -> ExternalAddressSource.parseEntry("not json", file, "demo-0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("member 'demo-0'").hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> ExternalAddressSource.parseEntry("[\"a:1\"]", file, "demo-0"))
                .hasMessageContaining("must be a JSON object").hasMessageContaining("was array");
        assertThatThrownBy(() -> ExternalAddressSource.parseEntry("{\"demo-0\": 30001}", file, "demo-0"))
                .hasMessageContaining("member 'demo-0'").hasMessageContaining("must be a string");
        assertThatThrownBy(() -> ExternalAddressSource.parseEntry("{\"demo-0\": \"host:0\"}", file, "demo-0"))
                .hasMessageContaining("member 'demo-0'").hasMessageContaining("port between 1 and 65535");
        assertThatThrownBy(() -> ExternalAddressSource.parseEntry("{\"demo-0\": \"host\"}", file, "demo-0"))
                .hasMessageContaining("must be host:port, was 'host'");
        // another member's bad entry is not this broker's concern
        assertThat(ExternalAddressSource.parseEntry("{\"demo-0\": \"h:1\", \"demo-1\": \"bad\"}", file, "demo-0"))
                .isEqualTo("h:1");
        assertThat(ExternalAddressSource.parseEntry("{}", file, "demo-0")).isNull();
    }
}
