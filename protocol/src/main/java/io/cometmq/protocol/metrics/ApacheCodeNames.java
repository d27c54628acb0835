package io.cometmq.protocol.metrics;

import io.cometmq.protocol.RequestCode;
import io.cometmq.protocol.ResponseCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code request_code} and {@code response_code} label values: the lower-case name of the code's constant, as
 * Apache RocketMQ's RemotingHelper derives them from its RequestCode and ResponseCode classes (our constants carry
 * Apache's names: ApacheCodeNamesTest compares them); a code without a name is its decimal number. The tables are
 * built once; a lookup does no reflection.
 */
public final class ApacheCodeNames {

    private static final Map<Integer, String> REQUESTS = namesOf(RequestCode.class);
    private static final Map<Integer, String> RESPONSES = namesOf(ResponseCode.class);

    private ApacheCodeNames() {
    }

    public static String request(int code) {
        String name = REQUESTS.get(code);
        return name != null ? name : Integer.toString(code);
    }

    public static String response(int code) {
        String name = RESPONSES.get(code);
        return name != null ? name : Integer.toString(code);
    }

    /** Every named code of {@code constants}: its public static int fields, names lower-cased. */
    static Map<Integer, String> namesOf(Class<?> constants) {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : constants.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName().toLowerCase(Locale.ROOT));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + field, e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
