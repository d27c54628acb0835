package io.cometmq.operator.model;

import io.cometmq.operator.crd.BrokerClusterSpec;
import io.cometmq.operator.crd.ExternalAccessSpec;
import io.cometmq.operator.crd.MonitoringSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * spec.externalAccess problems (reason InvalidExternalAccess) for SpecChecker: what the API server would refuse in
 * the Services (annotation keys, source ranges that are no CIDR or with type NodePort) and a metrics port on the
 * NameServers' external port. Each message names the field.
 */
final class ExternalAccessSpecCheck {
    static final String INVALID_EXTERNAL_ACCESS = "InvalidExternalAccess";
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private ExternalAccessSpecCheck() {}

    static void check(BrokerClusterSpec spec, List<SpecProblem> problems) {
        ExternalAccessSpec external = ExternalAccessSpec.of(spec);
        if (!external.isEnabled()) {
            return;
        }
        new TreeMap<>(external.getAnnotations() == null ? Map.<String, String>of() : external.getAnnotations())
                .keySet().stream()
                .filter(key -> !SpecChecker.isQualifiedName(key))
                .findFirst()
                .ifPresent(key -> problems.add(new SpecProblem(INVALID_EXTERNAL_ACCESS, "spec.externalAccess.annotations: '"
                        + key + "' is not an annotation key (an optional DNS prefix and '/', then at most 63 letters,"
                        + " digits, '-', '_' or '.').")));
        List<String> ranges = external.getLoadBalancerSourceRanges() == null ? List.of()
                : external.getLoadBalancerSourceRanges();
        if (!ranges.isEmpty() && external.type() != ExternalAccessSpec.ExternalServiceType.LoadBalancer) {
            problems.add(new SpecProblem(INVALID_EXTERNAL_ACCESS, "spec.externalAccess.loadBalancerSourceRanges only"
                    + " applies to type LoadBalancer (type is " + external.type() + ")."));
        }
        ranges.stream().filter(range -> !isCidr(range)).findFirst().ifPresent(range -> problems.add(new SpecProblem(
                INVALID_EXTERNAL_ACCESS, "spec.externalAccess.loadBalancerSourceRanges: '" + range
                        + "' is not a CIDR such as 203.0.113.0/24 or 2001:db8::/32.")));
        MonitoringSpec monitoring = MonitoringSpec.of(spec);
        if (monitoring.isEnabled() && monitoring.getPort() == Ports.NAMESERVER_EXTERNAL) {
            problems.add(new SpecProblem(INVALID_EXTERNAL_ACCESS, "spec.monitoring.port " + Ports.NAMESERVER_EXTERNAL
                    + " is the NameServers' external port while spec.externalAccess is on; choose another port."));
        }
    }

    /**
     * An IPv4 or IPv6 network in CIDR notation. Only literals reach InetAddress (a string with ':' is parsed as an
     * IPv6 literal, never looked up as a name).
     */
    static boolean isCidr(String range) {
        int slash = range == null ? -1 : range.indexOf('/');
        if (slash <= 0 || !range.substring(slash + 1).matches("[0-9]{1,3}")) {
            return false;
        }
        String address = range.substring(0, slash);
        if (IPV4.matcher(address).matches()) {
            return Integer.parseInt(range.substring(slash + 1)) <= 32;
        }
        if (!IPV6.matcher(address).matches()) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return Integer.parseInt(range.substring(slash + 1)) <= bytes.length * 8;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
