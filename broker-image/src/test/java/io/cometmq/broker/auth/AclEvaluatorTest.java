package io.cometmq.broker.auth;

import static io.cometmq.broker.auth.AclEvaluator.Outcome.ALLOWED;
import static io.cometmq.broker.auth.AclEvaluator.Outcome.DENIED;
import static io.cometmq.broker.auth.AclEvaluator.Outcome.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyEntryInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyInfo;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclEvaluatorTest {

    private static final byte[] LOCAL = {127, 0, 0, 1};
    private static final byte[] TEN = {10, 1, 2, 3};

    private static PolicyEntryInfo entry(String resource, String actions, String decision, String... ips) {
        return new PolicyEntryInfo(resource, Arrays.asList(actions.split(",")), ips.length == 0 ? null : List.of(ips),
                decision);
    }

    private static Acl acl(PolicyEntryInfo... entries) {
        return AuthCodec.acl(new AclInfo("User:app", List.of(new PolicyInfo("Custom", List.of(entries)))), null);
    }

    private static Permission pub(String topic) {
        return new Permission(Resource.ofTopic(topic), List.of(Action.PUB));
    }

    @Test
    void nothingMatchingMeansNoPermission() {
        Acl acl = acl(entry("Topic:orders", "Pub", "Allow"));
        assertThat(AclEvaluator.evaluate(acl, pub("audit"), LOCAL)).isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(acl, new Permission(Resource.ofTopic("orders"), List.of(Action.SUB)), LOCAL))
                .isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(null, pub("orders"), LOCAL)).isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(acl, pub("orders"), LOCAL)).isEqualTo(ALLOWED);
    }

    @Test
    void denyBeatsAllowAtTheSameSpecificityInEitherOrder() {
        assertThat(AclEvaluator.evaluate(acl(entry("Topic:orders", "Pub", "Allow"), entry("Topic:orders", "All",
                "Deny")), pub("orders"), LOCAL)).isEqualTo(DENIED);
        assertThat(AclEvaluator.evaluate(acl(entry("Topic:orders", "All", "Deny"), entry("Topic:orders", "Pub",
                "Allow")), pub("orders"), LOCAL)).isEqualTo(DENIED);
        assertThat(AclEvaluator.evaluate(acl(entry("Topic:ord*", "Pub", "Allow"), entry("Topic:ord*", "Pub",
                "Deny")), pub("orders"), LOCAL)).isEqualTo(DENIED);
    }

    @Test
    void theMostSpecificMatchDecides() {
        Acl acl = acl(entry("*", "All", "Deny"), entry("Topic:*", "Pub", "Allow"), entry("Topic:ord*", "Pub", "Deny"),
                entry("Topic:orders-eu*", "Pub", "Allow"), entry("Topic:order-audit", "Pub", "Allow"));
        assertThat(AclEvaluator.evaluate(acl, pub("other"), LOCAL)).isEqualTo(ALLOWED); // Topic:* over *
        assertThat(AclEvaluator.evaluate(acl, pub("orders"), LOCAL)).isEqualTo(DENIED); // prefix over Topic:*
        assertThat(AclEvaluator.evaluate(acl, pub("orders-eu-1"), LOCAL)).isEqualTo(ALLOWED); // longer prefix
        assertThat(AclEvaluator.evaluate(acl, pub("order-audit"), LOCAL)).isEqualTo(ALLOWED); // literal
        assertThat(AclEvaluator.evaluate(acl, new Permission(Resource.ofGroup("g"), List.of(Action.SUB)), LOCAL))
                .isEqualTo(DENIED); // only * matches a group
    }

    @Test
    void anyOfTheNeededActionsIsEnoughAndAllCoversEveryAction() {
        Acl acl = acl(entry("Group:billing", "Get", "Allow"), entry("Topic:t", "All", "Allow"));
        assertThat(AclEvaluator.evaluate(acl, new Permission(Resource.ofGroup("billing"),
                List.of(Action.SUB, Action.GET)), LOCAL)).isEqualTo(ALLOWED);
        assertThat(AclEvaluator.evaluate(acl, new Permission(Resource.ofGroup("billing"), List.of(Action.SUB)),
                LOCAL)).isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(acl, new Permission(Resource.ofTopic("t"), List.of(Action.DELETE)), LOCAL))
                .isEqualTo(ALLOWED);
    }

    @Test
    void sourceIpConditionsTakeAddressesAndCidrBlocks() {
        Acl acl = acl(entry("Topic:a", "Pub", "Allow", "10.0.0.0/8"), entry("Topic:b", "Pub", "Allow", "127.0.0.1"),
                entry("Topic:c", "Pub", "Allow", "192.168.0.1", "127.0.0.0/31"));
        assertThat(AclEvaluator.evaluate(acl, pub("a"), TEN)).isEqualTo(ALLOWED);
        assertThat(AclEvaluator.evaluate(acl, pub("a"), LOCAL)).isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(acl, pub("b"), LOCAL)).isEqualTo(ALLOWED);
        assertThat(AclEvaluator.evaluate(acl, pub("b"), TEN)).isEqualTo(NO_MATCH);
        assertThat(AclEvaluator.evaluate(acl, pub("c"), LOCAL)).isEqualTo(ALLOWED);
        assertThat(AclEvaluator.evaluate(acl, pub("c"), null)).isEqualTo(NO_MATCH);
    }

    @Test
    void retryAndDeadLetterTopicsStandForTheirGroup() {
        assertThat(Resource.ofGroup("%RETRY%billing")).isEqualTo(Resource.ofGroup("billing"));
        assertThat(Resource.ofGroup("%DLQ%billing")).isEqualTo(Resource.ofGroup("billing"));
    }

    @Test
    void sourceIpParsingAcceptsOnlyLiterals() {
        assertThat(SourceIp.parse("10.0.0.300")).isNull();
        assertThat(SourceIp.parse("localhost")).isNull();
        assertThat(SourceIp.parse("10.0.0.0/33")).isNull();
        assertThat(SourceIp.parse("1.2.3")).isNull();
        assertThat(SourceIp.parse("::1/128")).isNotNull();
        assertThat(SourceIp.parse("fe80::/10").contains(SourceIp.literal("fe80::1"))).isTrue();
        assertThat(SourceIp.parse("0.0.0.0/0").contains(TEN)).isTrue();
    }

    @Test
    void resourceKeysRoundTrip() {
        for (String key : List.of("*", "Topic:*", "Topic:ord*", "Group:g", "Cluster:c", "Namespace:n")) {
            assertThat(Resource.parse(key).key()).isEqualTo(key);
        }
        assertThat(Resource.parse("topic:T").key()).isEqualTo("Topic:T");
        assertThat(Resource.parse("Bucket:x")).isNull();
    }
}
