package io.cometmq.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API server checks when a CRD with {@code x-kubernetes-validations} is created, modelled closely enough
 * to fail our build where a real API server would refuse the CRD. The fabric8 mock server checks none of it.
 *
 * <p><b>Functions.</b> Rules compile against the CEL library of the API server. We support Kubernetes 1.25 and
 * newer, so a rule may only call what 1.25 has: CEL's standard functions and macros, the strings extension, and
 * Kubernetes' lists, regex and URL libraries ({@link #FUNCTIONS_IN_1_25}). Anything else (e.g. {@code quantity},
 * added in 1.29; {@code ip}/{@code cidr}, {@code format}, {@code semver}, sets, optionals) is refused.
 *
 * <p><b>Cost.</b> The API server estimates each rule's worst-case cost statically (cel-go's estimator with
 * Kubernetes' size hints) and refuses a rule over {@code StaticEstimatedCostLimit} (10,000,000) or a CRD whose
 * rules add up to more than {@code StaticEstimatedCRDCostLimit} (100,000,000). Sizes come from the schema: a
 * string costs {@code ceil(0.1 * maxLength)} per traversal (cel-go's string traversal factor), a regex match that
 * times {@code ceil(0.25 * pattern length)}, a macro ({@code all}, {@code exists}, {@code map}, ...) its body
 * once per element of the list or map it iterates, other operations 1. A rule runs once per element of every list
 * and map above it, so its cost is multiplied by their {@code maxItems}/{@code maxProperties}. Where a bound is
 * missing the API server assumes the whole 3 MiB request, which is how the CRD of 2026-12-07 ended up 100× over
 * budget; this model does not guess a size there, it refuses: every string a rule reads, and every list or map it
 * iterates or lives under, needs a declared bound (an enum bounds a string). Map keys bound by a macro have no
 * length in the API server's estimate either, so a rule may use such a key only to index its map.
 *
 * <p>Limits applied here are a tenth of the API server's, so the model's approximations keep a margin.
 */
final class CelRuleCheck {
    static final long RULE_LIMIT = 1_000_000;
    static final long CRD_LIMIT = 10_000_000;

    static final Set<String> FUNCTIONS_IN_1_25 = Set.of(
            // CEL macros and standard functions
            "has", "all", "exists", "exists_one", "map", "filter", "size", "matches", "startsWith", "endsWith", "contains",
            "int", "uint", "double", "string", "bytes", "bool", "type", "dyn", "duration", "timestamp",
            "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours", "getMilliseconds",
            "getMinutes", "getMonth", "getSeconds",
            // strings extension (version 0)
            "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim",
            // Kubernetes lists, regex and URL libraries
            "isSorted", "sum", "min", "max", "find", "findAll",
            "url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery");

    private static final Set<String> MACROS = Set.of("all", "exists", "exists_one", "map", "filter");
    private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "in", "self", "oldSelf");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+(?:\\.[0-9]+)?)|(&&|\\|\\||[=!<>]=|.))");

    record Finding(String path, String rule, String problem) {
        @Override public String toString() { return path + ": rule \"" + rule + "\": " + problem; }
    }

    record RuleCost(String path, String rule, long cost) {}

    final List<Finding> findings = new ArrayList<>();
    final List<RuleCost> costs = new ArrayList<>();

    /** Checks every rule under {@code schema}, which sits at {@code path} (e.g. "spec"). */
    static CelRuleCheck of(JSONSchemaProps schema) {
        CelRuleCheck check = new CelRuleCheck();
        check.walk(schema, "", 1, null);
        long total = check.costs.stream().mapToLong(RuleCost::cost).sum();
        if (total > CRD_LIMIT) {
            check.findings.add(new Finding("(all rules)", "", "estimated total cost " + total + " exceeds " + CRD_LIMIT));
        }
        return check;
    }

    long totalCost() {
        return costs.stream().mapToLong(RuleCost::cost).sum();
    }

    private void walk(JSONSchemaProps node, String path, long cardinality, String unboundedAncestor) {
        for (ValidationRule rule : node.getXKubernetesValidations() == null ? List.<ValidationRule>of()
                : node.getXKubernetesValidations()) {
            if (unboundedAncestor != null) {
                findings.add(new Finding(path, rule.getRule(), "runs once per element of " + unboundedAncestor
                        + ", which has no maxItems/maxProperties"));
            }
            check(node, path, rule.getRule(), cardinality);
        }
        if (node.getProperties() != null) {
            node.getProperties().forEach((name, child) ->
                    walk(child, path.isEmpty() ? name : path + "." + name, cardinality, unboundedAncestor));
        }
        if (node.getItems() != null && node.getItems().getSchema() != null) {
            walk(node.getItems().getSchema(), path + "[*]", cardinality * bound(node.getMaxItems()),
                    node.getMaxItems() == null ? path : unboundedAncestor);
        }
        if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
            walk(node.getAdditionalProperties().getSchema(), path + "[*]", cardinality * bound(node.getMaxProperties()),
                    node.getMaxProperties() == null ? path : unboundedAncestor);
        }
    }

    private static long bound(Long max) {
        return max == null ? 1 : max;
    }

    /** One rule: allowed functions, bounded reads, estimated cost × cardinality. */
    void check(JSONSchemaProps self, String path, String rule, long cardinality) {
        List<String> tokens = tokenize(rule);
        Map<String, Binding> variables = new HashMap<>();
        variables.put("self", Binding.of(self, path));
        variables.put("oldSelf", Binding.of(self, path));
        Deque<Long> multipliers = new ArrayDeque<>();
        Deque<Integer> macroDepths = new ArrayDeque<>();
        long multiplier = 1;
        long cost = 0;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("(")) {
                depth++;
                continue;
            }
            if (token.equals(")")) {
                if (!macroDepths.isEmpty() && macroDepths.peek() == depth) {
                    macroDepths.pop();
                    multiplier = multipliers.pop();
                }
                depth--;
                continue;
            }
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).equals("(") && isIdentifier(token);
            if (call && !FUNCTIONS_IN_1_25.contains(token)) {
                findings.add(new Finding(path, rule, "calls " + token + "(), which Kubernetes 1.25 API servers do not have"));
            }
            if (!call && variables.containsKey(token) && !(i > 0 && tokens.get(i - 1).equals("."))) {
                // a path: variable(.field | [index])*
                Binding at = variables.get(token);
                int j = i + 1;
                while (j + 1 < tokens.size()) {
                    if (tokens.get(j).equals(".") && isIdentifier(tokens.get(j + 1))
                            && !(j + 2 < tokens.size() && tokens.get(j + 2).equals("("))) {
                        at = at.field(tokens.get(j + 1));
                        j += 2;
                    } else if (tokens.get(j).equals("[") && j + 2 < tokens.size() && tokens.get(j + 2).equals("]")) {
                        at = at.element();
                        j += 3;
                    } else {
                        break;
                    }
                }
                boolean presenceTest = i >= 2 && tokens.get(i - 1).equals("(") && tokens.get(i - 2).equals("has");
                String method = j + 1 < tokens.size() && tokens.get(j).equals(".") ? tokens.get(j + 1) : null;
                if (method != null && MACROS.contains(method)) {
                    if (at.maxElements() == null) {
                        findings.add(new Finding(path, rule, method + "() iterates " + at.path()
                                + ", which has no maxItems/maxProperties"));
                    }
                    String variable = tokens.get(j + 3);
                    variables.put(variable, at.isMap() ? Binding.mapKey(at.path()) : at.element());
                    multipliers.push(multiplier);
                    multiplier *= at.maxElements() == null ? 1 : at.maxElements();
                    depth++;
                    macroDepths.push(depth);
                    cost += multiplier;
                    i = j + 3; // at the macro's variable; its body follows
                    continue;
                }
                if (!presenceTest && !(j < tokens.size() && tokens.get(j).equals("["))) {
                    cost += multiplier * readCost(at, method, tokens, j, path, rule);
                }
                i = j - 1;
                continue;
            }
            cost += multiplier;
        }
        long total = cost * cardinality;
        costs.add(new RuleCost(path, rule, total));
        if (total > RULE_LIMIT) {
            findings.add(new Finding(path, rule, "estimated cost " + total + " exceeds " + RULE_LIMIT));
        }
    }

    /** Cost of reading the value at {@code at}, and of the method called on it if any. */
    private long readCost(Binding at, String method, List<String> tokens, int next, String path, String rule) {
        if (at.isMapKey()) {
            findings.add(new Finding(path, rule, "uses the key of " + at.path()
                    + " as a value; the API server's estimate gives map keys no length bound"));
            return 1;
        }
        if (!"string".equals(at.type())) {
            return 1;
        }
        if (at.maxLength() == null) {
            findings.add(new Finding(path, rule, "reads " + at.path() + ", a string without maxLength or enum"));
            return 1;
        }
        long traversal = (long) Math.ceil(0.1 * at.maxLength());
        if ("matches".equals(method) && next + 3 < tokens.size()) {
            String regex = tokens.get(next + 3);
            return 1 + traversal * (long) Math.ceil(0.25 * Math.max(1, regex.length() - 2));
        }
        return 1 + traversal;
    }

    private static boolean isIdentifier(String token) {
        return Character.isJavaIdentifierStart(token.charAt(0)) && !KEYWORDS.contains(token);
    }

    static List<String> tokenize(String rule) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(rule);
        int at = 0;
        while (at < rule.length() && m.find(at) && m.start() == at) {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) != null) {
                    tokens.add(m.group(g));
                }
            }
            at = m.end();
            if (rule.substring(at).isBlank()) {
                break;
            }
        }
        return tokens;
    }

    /** A schema node a rule refers to, or the key variable of a macro over a map. */
    record Binding(JSONSchemaProps schema, String path, boolean isMapKey) {
        static Binding of(JSONSchemaProps schema, String path) {
            return new Binding(schema, path, false);
        }

        static Binding mapKey(String mapPath) {
            return new Binding(null, "keys of " + mapPath, true);
        }

        Binding field(String name) {
            if (schema == null) {
                return this;
            }
            if (schema.getProperties() != null && schema.getProperties().containsKey(name)) {
                return of(schema.getProperties().get(name), path + "." + name);
            }
            if (isMap()) { // m.key on a map reads one value
                return of(schema.getAdditionalProperties().getSchema(), path + "." + name);
            }
            throw new IllegalArgumentException("rule refers to " + path + "." + name + ", which the schema does not declare");
        }

        Binding element() {
            if (schema != null && schema.getItems() != null) {
                return of(schema.getItems().getSchema(), path + "[*]");
            }
            if (isMap()) {
                return of(schema.getAdditionalProperties().getSchema(), path + "[*]");
            }
            return this;
        }

        boolean isMap() {
            return schema != null && schema.getAdditionalProperties() != null
                    && schema.getAdditionalProperties().getSchema() != null;
        }

        String type() {
            return schema == null ? "string" : schema.getType();
        }

        Long maxElements() {
            return schema == null ? null : isMap() ? schema.getMaxProperties() : schema.getMaxItems();
        }

        Long maxLength() {
            if (schema.getMaxLength() != null) {
                return schema.getMaxLength();
            }
            if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                return schema.getEnum().stream().mapToLong(e -> e.asText().length()).max().orElse(0);
            }
            return null;
        }
    }
}
