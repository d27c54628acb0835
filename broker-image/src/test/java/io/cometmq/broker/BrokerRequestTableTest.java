package io.cometmq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.netty.RequestProcessor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrokerRequestTableTest {

    private final RequestPools pools = new RequestPools(BrokerConfig.defaults());

    @AfterEach
    void stopPools() {
        pools.shutdown();
    }

    /** One distinct processor per handler slot, so a route can be traced back to the slot it came from. */
    private static BrokerProcessors distinctProcessors() throws Exception {
        RecordComponent[] slots = BrokerProcessors.class.getRecordComponents();
        Object[] processors = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            String name = slots[i].getName(); // captured, so each slot gets its own instance
            processors[i] = (RequestProcessor) (context, request) -> {
                throw new AssertionError(name + " is not called here");
            };
        }
        Class<?>[] types = new Class<?>[slots.length];
        Arrays.fill(types, RequestProcessor.class);
        return BrokerProcessors.class.getDeclaredConstructor(types).newInstance(processors);
    }

    @Test
    void everyCodeHasOneRouteAndEveryHandlerIsReachable() throws Exception {
        BrokerProcessors processors = distinctProcessors();
        List<BrokerRequestTable.Route> routes = BrokerRequestTable.routes(processors, pools, topic -> true);

        Set<Integer> codes = new HashSet<>();
        routes.forEach(route -> assertThat(codes.add(route.code()))
                .as("code %d routed twice", route.code()).isTrue());
        Set<RequestProcessor> routed = routes.stream().map(BrokerRequestTable.Route::processor)
                .collect(Collectors.toSet());
        for (RecordComponent slot : BrokerProcessors.class.getRecordComponents()) {
            assertThat(routed).as(slot.getName()).contains((RequestProcessor) slot.getAccessor().invoke(processors));
        }
    }

    @Test
    void theProtocolSurfaceIsWhatTheBrokerAnsweredBefore() throws Exception {
        Set<Integer> codes = BrokerRequestTable.routes(distinctProcessors(), pools, topic -> true).stream()
                .map(BrokerRequestTable.Route::code).collect(Collectors.toSet());

        assertThat(codes).containsExactlyInAnyOrder(
                10, 11, 12, 14, 15, 17, 18, 21, 25, 26, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 41, 42, 43, 45,
                46, 200, 201, 202, 203, 204, 207, 208, 215, 222, 300, 303, 305, 307, 310, 320, 324, 325, 328, 343,
                345, 351, 352, 361, 400, 401, 402, 30001, 30002, 30003,
                // ACL 2.0 administration (issue #13)
                3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010,
                // POP consumption (issue #15)
                200050, 200051, 200053, 200054, 200151);
    }

    @Test
    void eachFamilyRunsOnItsOwnPool() throws Exception {
        Map<Integer, Executor> pool = BrokerRequestTable.routes(distinctProcessors(), pools, topic -> true).stream()
                .collect(Collectors.toMap(BrokerRequestTable.Route::code, BrokerRequestTable.Route::pool));

        assertThat(pool.get(RequestCode.SEND_MESSAGE_V2)).isSameAs(RequestPools.ON_IO_THREAD);
        assertThat(pool.get(RequestCode.SEND_BATCH_MESSAGE)).isSameAs(pools.send);
        assertThat(pool.get(RequestCode.PULL_MESSAGE)).isSameAs(pools.pull);
        assertThat(pool.get(RequestCode.HEART_BEAT)).isSameAs(pools.client);
        assertThat(pool.get(RequestCode.UPDATE_CONSUMER_OFFSET)).isSameAs(pools.offset);
        assertThat(pool.get(RequestCode.GET_BROKER_RUNTIME_INFO)).isSameAs(pools.admin);
        assertThat(pool.get(RequestCode.POP_MESSAGE)).isSameAs(pools.pop);
        assertThat(pool.get(RequestCode.ACK_MESSAGE)).isSameAs(pools.ack);
    }
}
