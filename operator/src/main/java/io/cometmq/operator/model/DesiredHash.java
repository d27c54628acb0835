package io.cometmq.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Hash of a desired object, stored in {@link Annotations#DESIRED_HASH}. Comparing our own hash instead of
 * the live object avoids false differences from fields the API server defaults, on a real cluster and on
 * the mock server alike. Keys are sorted so map order never changes the hash.
 */
public final class DesiredHash {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private DesiredHash() {}

    /** Hash of the object as given, ignoring a desired-hash annotation it may already carry. */
    public static String of(HasMetadata desired) {
        String previous = desired.getMetadata().getAnnotations() == null
                ? null : desired.getMetadata().getAnnotations().remove(Annotations.DESIRED_HASH);
        try {
            return ContentHash.of(MAPPER.writeValueAsString(desired));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + desired.getKind(), e);
        } finally {
            if (previous != null) {
                desired.getMetadata().getAnnotations().put(Annotations.DESIRED_HASH, previous);
            }
        }
    }
}
