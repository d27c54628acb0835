package io.cometmq.operator;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of one operator process, parsed once from flags or environment variables by
 * {@link OperatorMain} and checked here.
 *
 * @param namespaces namespaces to watch; empty means every namespace
 */
public record OperatorConfig(Set<String> namespaces, int httpPort, boolean leaderElection, String leaseName,
    String leaseNamespace, String clusterDomain) {

  public OperatorConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http port " + httpPort + " is not in 0..65535");
    }
    if (leaderElection && (leaseName == null || leaseName.isBlank())) {
      throw new IllegalArgumentException("leader election needs a lease name");
    }
    if (clusterDomain == null || clusterDomain.isBlank()) {
      throw new IllegalArgumentException("cluster domain may not be empty");
    }
    namespaces = Set.copyOf(namespaces);
  }

  /** "a, b" → {a, b}; blank → all namespaces. */
  public static Set<String> parseNamespaces(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  public boolean watchAllNamespaces() {
    return namespaces.isEmpty();
  }
}
