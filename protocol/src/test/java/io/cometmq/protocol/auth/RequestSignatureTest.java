package io.cometmq.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cometmq.protocol.RemotingCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    /** Signs a request with the unmodified Apache hook and returns the fields it put on the wire. */
    private static Map<String, String> signedByApache(Map<String, String> fields, byte[] body, String ak, String sk) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand apache =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(10, null);
        apache.setExtFields(new HashMap<>(fields));
        apache.setBody(body);
        new AclClientRPCHook(new org.apache.rocketmq.acl.common.SessionCredentials(ak, sk))
                .doBeforeRequest("127.0.0.1:10911", apache);
        return apache.getExtFields();
    }

    @Test
    void verifiesWhatTheApacheClientSigns() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        Map<String, String> wire = signedByApache(Map.of("topic", "T", "queueId", "3", "b", "x"), body, "app", "s3cret");
        RemotingCommand received = RemotingCommand.request(10, wire).body(body);

        assertThat(received.field(RequestSignature.ACCESS_KEY)).isEqualTo("app");
        assertThat(RequestSignature.verify(received, "s3cret")).isTrue();
        assertThat(RequestSignature.verify(received, "wrong")).isFalse();
        received.body("hellO".getBytes(StandardCharsets.UTF_8));
        assertThat(RequestSignature.verify(received, "s3cret")).as("body is signed").isFalse();
    }

    @Test
    void signsAsTheApacheClientDoes() {
        Map<String, String> fields = Map.of("topic", "T", "queueId", "3");
        RemotingCommand ours = RemotingCommand.request(10, new HashMap<>(fields)).body(new byte[] {1, 2, 3});
        RequestSignature.sign(ours, new SessionCredentials("inner", "k3y"));
        Map<String, String> apache = signedByApache(fields, new byte[] {1, 2, 3}, "inner", "k3y");
        assertThat(ours.extFields()).isEqualTo(apache);
    }

    @Test
    void nonAsciiFieldsAndAlternatingUsersVerify() {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = Map.of("topic", "订单-T", "keys", "clé");
        RemotingCommand first = RemotingCommand.request(10, signedByApache(fields, body, "app", "s3cret")).body(body);
        RemotingCommand second = RemotingCommand.request(10, signedByApache(fields, body, "ops", "other")).body(body);
        for (int round = 0; round < 3; round++) {
            assertThat(RequestSignature.verify(first, "s3cret")).isTrue();
            assertThat(RequestSignature.verify(second, "other")).isTrue();
            assertThat(RequestSignature.verify(first, "other")).isFalse();
        }
    }

    @Test
    void unsignedRequestNeverVerifies() {
        assertThat(RequestSignature.verify(RemotingCommand.request(10, Map.of("a", "b")), "k")).isFalse();
    }

    @Test
    void credentialsParseWithoutLeakingTheSecret() {
        SessionCredentials parsed = SessionCredentials.parseJson("innerClientAuthenticationCredentials",
                "{\"accessKey\":\"rocketmq\",\"secretKey\":\"12345678\"}");
        assertThat(parsed).isEqualTo(new SessionCredentials("rocketmq", "12345678"));
        assertThat(parsed.toString()).doesNotContain("12345678");
        assertThat(SessionCredentials.parseJson("k", parsed.toJson())).isEqualTo(parsed);
        assertThatThrownBy(() -> SessionCredentials.parseJson("innerClientAuthenticationCredentials",
                "{accessKey:rocketmq, secret:zzTopSecret"))
                .hasMessageContaining("innerClientAuthenticationCredentials")
                .hasMessageNotContaining("zzTopSecret");
        assertThatThrownBy(() -> SessionCredentials.parseJson("k", "{\"accessKey\":\"a\"}"))
                .hasMessageContaining("secretKey");
    }
}
