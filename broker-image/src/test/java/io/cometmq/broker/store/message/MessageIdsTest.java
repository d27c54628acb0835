package io.cometmq.broker.store.message;

import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageIdsTest {

    @Test
    void offsetMessageIdMatchesTheProtocolExampleAndApacheDecodesIt() throws Exception {
        InetSocketAddress store = new InetSocketAddress("10.0.0.2", 10911);
        String id = OffsetMessageId.encode(store, 1234);

        assertThat(id).isEqualTo("0A00000200002A9F00000000000004D2");
        assertThat(MessageDecoder.decodeMessageId(id).getAddress()).isEqualTo(store);
        assertThat(OffsetMessageId.decode(id.toLowerCase())).isEqualTo(new OffsetMessageId.Decoded(store, 1234));
        assertThatThrownBy(() -> OffsetMessageId.decode("ABC")).hasMessageContaining("32 or 56");
    }

    @Test
    void tagsCodeIsJavaStringHashOfTheTag() {
        assertThat(TagsCode.of("TagA")).isEqualTo(2598919L);
        assertThat(TagsCode.of(null)).isZero();
        assertThat(TagsCode.of("")).isZero();
        assertThat(TagsCode.of("shipping")).isEqualTo(-516235858L);
    }

    @Test
    void generatedUniqueKeysAreDistinctAndCarryTheBrokerIpLikeClientIds() throws Exception {
        UniqueKeyGenerator generator = new UniqueKeyGenerator(InetAddress.getByName("10.1.2.3"), Clock.systemUTC());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(generator.next());
        }
        String key = keys.iterator().next();

        assertThat(keys).hasSize(10_000);
        assertThat(key).hasSize(32).matches("[0-9A-F]+");
        assertThat(MessageClientIDSetter.getIPStrFromID(key)).isEqualTo("10.1.2.3");
    }
}
