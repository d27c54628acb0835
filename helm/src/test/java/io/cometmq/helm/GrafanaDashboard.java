package io.cometmq.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Grafana dashboard JSON as the chart ships it: its panels (rows opened up), PromQL targets and variables. */
final class GrafanaDashboard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's own variables, with what a query of a 1h range at a 15s scrape interval would get. */
    private static final Map<String, String> BUILT_IN = Map.of("__rate_interval", "1m", "__interval", "15s",
            "__range", "1h", "__range_s", "3600", "__range_ms", "3600000");

    record Target(String panel, String expr) {
    }

    final String file;
    final JsonNode root;

    GrafanaDashboard(String file, String json) {
        this.file = file;
        try {
            this.root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard " + file + " is not valid JSON", e);
        }
    }

    String uid() {
        return root.path("uid").asText();
    }

    String title() {
        return root.path("title").asText();
    }

    /** Every panel, including those inside rows; rows themselves too. */
    List<JsonNode> panels() {
        List<JsonNode> all = new ArrayList<>();
        collect(root.path("panels"), all);
        return all;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                targets.add(new Target(panel.path("title").asText(), target.path("expr").asText()));
            }
        }
        return targets;
    }

    /** name -> variable, in the dashboard's order. */
    Map<String, JsonNode> variables() {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            variables.put(variable.path("name").asText(), variable);
        }
        return variables;
    }

    /** The PromQL of a query variable ({@code query.query}, or {@code query} as a string in older schemas). */
    static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /**
     * The expression with every variable ($name, ${name}, ${name:format}, [[name]]) replaced by a concrete value
     * ("value", or the given one): the result is plain PromQL.
     */
    String substitute(String expr, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(BUILT_IN);
        for (String name : variables().keySet()) {
            all.put(name, values.getOrDefault(name, "value"));
        }
        String result = expr;
        List<String> longestFirst = all.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String name : longestFirst) {
            String value = all.get(name);
            result = result.replaceAll("\\$\\{" + name + "(:[a-z]+)?}", value).replace("[[" + name + "]]", value)
                    .replaceAll("\\$" + name + "(?![A-Za-z0-9_])", value);
        }
        return result;
    }
}
