package io.cometmq.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.operator.crd.AclEntrySpec;
import io.cometmq.operator.crd.AclEntrySpec.Action;
import io.cometmq.operator.crd.AclEntrySpec.Decision;
import io.cometmq.operator.crd.BrokerUserSpec;
import io.cometmq.protocol.auth.AclInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyEntryInfo;
import io.cometmq.protocol.auth.AclInfo.PolicyInfo;
import io.cometmq.protocol.auth.UserInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AclPlanTest {
    private static final String SUBJECT = "User:app";

    private static AclEntrySpec entry(String resource, Decision decision, List<String> ips, Action... actions) {
        return new AclEntrySpec(resource, List.of(actions), ips, decision);
    }

    private static AclInfo broker(String policyType, PolicyEntryInfo... entries) {
        return new AclInfo(SUBJECT, List.of(new PolicyInfo(policyType, List.of(entries))));
    }

    @Test
    void noAclOnTheBrokerIsCreatedWithTheSpecEntries() {
        AclInfo desired = AclPlan.desired(SUBJECT, List.of(entry("Topic:orders", Decision.Allow, List.of(), Action.Pub)));
        AclPlan plan = AclPlan.of(desired, Optional.empty());
        assertThat(plan.write()).isEqualTo(desired);
        assertThat(plan.create()).isTrue();
        assertThat(plan.deleteResources()).isEmpty();
        assertThat(desired.policies().get(0).policyType()).isEqualTo("Custom");
        assertThat(desired.policies().get(0).entries().get(0))
                .isEqualTo(new PolicyEntryInfo("Topic:orders", List.of("Pub"), List.of(), "Allow"));
    }

    @Test
    void sameEntriesInAnotherOrderAndCaseNeedNothing() {
        AclInfo desired = AclPlan.desired(SUBJECT, List.of(
                entry("Topic:orders", Decision.Allow, List.of("10.0.0.0/8", "::1"), Action.Pub, Action.Sub),
                entry("Group:g", Decision.Deny, List.of(), Action.Sub)));
        AclInfo onBroker = broker(null,
                new PolicyEntryInfo("Group:g", List.of("SUB"), null, "DENY"),
                new PolicyEntryInfo("Topic:orders", List.of("Sub", "Pub"), List.of("::1", "10.0.0.0/8"), "Allow"));
        assertThat(AclPlan.of(desired, Optional.of(onBroker)).nothingToDo()).isTrue();
    }

    @Test
    void changedEntryIsUpdatedAndDroppedResourceDeleted() {
        AclInfo desired = AclPlan.desired(SUBJECT, List.of(entry("Topic:orders", Decision.Allow, List.of(), Action.Pub)));
        AclInfo onBroker = broker("Custom",
                new PolicyEntryInfo("Topic:orders", List.of("Pub", "Sub"), List.of(), "Allow"),
                new PolicyEntryInfo("Topic:old", List.of("Pub"), List.of(), "Allow"));
        AclPlan plan = AclPlan.of(desired, Optional.of(onBroker));
        assertThat(plan.write()).isEqualTo(desired);
        assertThat(plan.create()).isFalse();
        assertThat(plan.deleteResources()).containsExactly("Topic:old");
        assertThat(plan.deleteAll()).isFalse();
    }

    @Test
    void onlyAStaleResourceMeansOnlyADelete() {
        AclInfo desired = AclPlan.desired(SUBJECT, List.of(entry("Topic:orders", Decision.Allow, null, Action.Pub)));
        AclInfo onBroker = broker("Custom",
                new PolicyEntryInfo("Topic:orders", List.of("Pub"), null, "Allow"),
                new PolicyEntryInfo("Topic:*", List.of("Sub"), null, "Deny"));
        AclPlan plan = AclPlan.of(desired, Optional.of(onBroker));
        assertThat(plan.write()).isNull();
        assertThat(plan.deleteResources()).containsExactly("Topic:*");
    }

    @Test
    void emptySpecDeletesTheWholeAclAndLeavesDefaultPoliciesAlone() {
        AclInfo desired = AclPlan.desired(SUBJECT, List.of());
        assertThat(AclPlan.of(desired, Optional.of(broker("Custom",
                new PolicyEntryInfo("Topic:a", List.of("Pub"), null, "Allow")))).deleteAll()).isTrue();
        assertThat(AclPlan.of(desired, Optional.empty()).nothingToDo()).isTrue();
        assertThat(AclPlan.of(desired, Optional.of(broker("Default",
                new PolicyEntryInfo("Topic:a", List.of("Pub"), null, "Allow")))).nothingToDo()).isTrue();
    }

    @Test
    void desiredUserComparesPasswordTypeAndStatusAndNeverPrintsThePassword() {
        DesiredUser user = new DesiredUser("app", "s3cret-value", BrokerUserSpec.UserType.Normal);
        assertThat(user.matches(new UserInfo("app", "s3cret-value", "normal", "enable"))).isTrue();
        assertThat(user.matches(new UserInfo("app", "s3cret-value", "Normal", null))).isTrue();
        assertThat(user.matches(new UserInfo("app", "other", "Normal", "enable"))).isFalse();
        assertThat(user.matches(new UserInfo("app", null, "Normal", "enable"))).isFalse();
        assertThat(user.matches(new UserInfo("app", "s3cret-value", "Super", "enable"))).isFalse();
        assertThat(user.matches(new UserInfo("app", "s3cret-value", "Normal", "disable"))).isFalse();
        assertThat(user.toUserInfo()).isEqualTo(new UserInfo("app", "s3cret-value", "Normal", "enable"));
        assertThat(user.toString()).doesNotContain("s3cret-value");
        assertThat(user.subject()).isEqualTo("User:app");
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        BrokerUserSettings s = BrokerUserSettings.defaults().withTiming(java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(30));
        assertThat(List.of(s.retryAfter(1), s.retryAfter(2), s.retryAfter(3), s.retryAfter(5), s.retryAfter(100)))
                .extracting(java.time.Duration::toSeconds).containsExactly(2L, 4L, 8L, 30L, 30L);
    }
}
