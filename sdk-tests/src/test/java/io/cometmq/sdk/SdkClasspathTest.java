package io.cometmq.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The SDK jar carries unrelocated {@code apache.rocketmq.v2} classes bound to its shaded protobuf: this module's
 * classpath must hold no other copy (rocketmq-proto) and no unshaded protobuf or grpc that could pull one in, or
 * whichever comes first wins and the other side breaks (see the pom).
 */
class SdkClasspathTest {

    @Test
    void theSdksProtocolClassesAreTheOnlyOnes() throws Exception {
        Class<?> settings = Class.forName("apache.rocketmq.v2.Settings");
        assertThat(settings.getSuperclass().getName()).as("superclass of apache.rocketmq.v2.Settings")
                .startsWith("org.apache.rocketmq.shaded.com.google.protobuf.");
        assertThat(settings.getProtectionDomain().getCodeSource().getLocation().getPath())
                .contains("rocketmq-client-java");
        assertThat(java.util.Collections.list(SdkClasspathTest.class.getClassLoader()
                .getResources("apache/rocketmq/v2/Settings.class"))).as("copies of apache.rocketmq.v2.Settings").hasSize(1);
        for (String foreign : new String[] {"com.google.protobuf.GeneratedMessageV3", "io.grpc.ManagedChannel",
                "io.cometmq.broker.BrokerMain"}) {
            assertThat(loadable(foreign)).as("%s on the test classpath", foreign).isFalse();
        }
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, SdkClasspathTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
