package io.cometmq.namesrv.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.namesrv.NameServerConfig;
import io.cometmq.protocol.config.ConfigException;
import io.cometmq.protocol.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NameServerAuthTest {

    private static NameServerConfig config(Map<String, String> settings) {
        return NameServerConfig.from(Settings.fromMap(settings, "test"));
    }

    @Test
    void offByDefaultAndCredentialsAreRedacted() {
        assertThat(config(Map.of()).auth().authenticationEnabled()).isFalse();
        NameServerConfig config = config(Map.of("authenticationEnabled", "true",
                "innerClientAuthenticationCredentials", "{\"accessKey\":\"inner\",\"secretKey\":\"s3cret-inner\"}",
                "initAuthenticationUser", "{\"username\":\"root\",\"password\":\"s3cret-root\"}"));
        assertThat(config.auth().credentialsOf("inner")).isPresent();
        assertThat(config.auth().credentialsOf("root").orElseThrow().secretKey()).isEqualTo("s3cret-root");
        assertThat(config.auth().credentialsOf("app")).isEmpty();
        assertThat(config.asMap()).containsEntry("authenticationEnabled", "true")
                .containsEntry("innerClientAuthenticationCredentials", "<redacted>")
                .containsEntry("initAuthenticationUser", "<redacted>");
        assertThat(config.asMap().toString() + config.auth()).doesNotContain("s3cret");
    }

    @Test
    void authenticationWithoutCredentialsIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> config(Map.of("authenticationEnabled", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'authenticationEnabled' needs 'innerClientAuthenticationCredentials'");
    }

    @Test
    void malformedCredentialsNameTheKeyButNotTheValue() {
        assertThatThrownBy(() -> config(Map.of("innerClientAuthenticationCredentials", "{\"accessKey\":\"a\","
                + "\"secret\":\"hush-hush\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("innerClientAuthenticationCredentials")
                .hasMessageNotContaining("hush-hush");
        assertThatThrownBy(() -> config(Map.of("initAuthenticationUser", "not json hush-hush")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("initAuthenticationUser")
                .hasMessageNotContaining("hush-hush");
    }
}
