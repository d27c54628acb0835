package io.cometmq.broker.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.body.TopicMessageType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Topic attribute changes in Apache's +key=value / -key format, applied to a new or an existing topic. */
class TopicAttributeChangesTest {

    @Test
    void aNewTopicTakesAddedAttributesWithTheTypeInCanonicalForm() {
        TopicAttributeChanges changes = TopicAttributeChanges.parse("+message.type=fifo");
        assertThat(changes.messageType()).isEqualTo(TopicMessageType.FIFO);
        assertThat(changes.applyTo(null)).isEqualTo(Map.of("message.type", "FIFO"));
    }

    @Test
    void noChangesKeepTheTopicsAttributes() {
        assertThat(TopicAttributeChanges.parse(null).applyTo(Map.of("message.type", "FIFO")))
                .isEqualTo(Map.of("message.type", "FIFO"));
        assertThat(TopicAttributeChanges.parse("").isEmpty()).isTrue();
        assertThat(TopicAttributeChanges.of(null).messageType()).isNull();
    }

    @Test
    void anExistingTopicsAttributeIsChangedOrRemoved() {
        Map<String, String> fifo = Map.of("message.type", "FIFO");
        assertThat(TopicAttributeChanges.parse("+message.type=NORMAL").applyTo(fifo))
                .isEqualTo(Map.of("message.type", "NORMAL"));
        assertThat(TopicAttributeChanges.parse("-message.type").applyTo(fifo)).isEmpty();
    }

    @Test
    void badChangesAreRefusedNamingTheKeyOrEntry() {
        assertThatThrownBy(() -> TopicAttributeChanges.parse("message.type=FIFO"))
                .hasMessageContaining("'message.type=FIFO' must be +key=value");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("+message.type"))
                .hasMessageContaining("'+message.type' must be +key=value");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("+message.type=FIFO,+message.type=NORMAL"))
                .hasMessageContaining("+message.type is given twice");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("+message.type=FIFO,-message.type").applyTo(Map.of()))
                .hasMessageContaining("message.type is both added and removed");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("+message.type=ORDERLY").applyTo(null))
                .hasMessageContaining("message.type must be one of").hasMessageContaining("ORDERLY");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("+queue.type=BatchCQ").applyTo(null))
                .hasMessageContaining("unsupported topic attribute queue.type");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("-message.type").applyTo(null))
                .hasMessageContaining("cannot be removed from a topic being created");
        assertThatThrownBy(() -> TopicAttributeChanges.parse("-message.type").applyTo(Map.of()))
                .hasMessageContaining("the topic does not have it");
        assertThatThrownBy(() -> TopicAttributeChanges.of(Map.of("message.type", "FIFO")).applyTo(null))
                .hasMessageContaining("must start with + (add or change) or - (remove)");
    }
}
