package io.cometmq.broker.auth;

import java.util.List;

/**
 * One thing a request needs: one of {@code actions} on {@code resource} (a literal resource). A request may need
 * several (a pull needs its topic and its group).
 */
public record Permission(Resource resource, List<Action> actions) {
}
