package io.cometmq.operator.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Pod Security Standards "restricted" profile (which includes "baseline") that a pod spec
 * can fail, as the Kubernetes documentation lists them for 1.25+: host namespaces, privileged, added
 * capabilities, hostPath and other non-allowed volume types, host ports, /proc mount, sysctls, seccomp,
 * privilege escalation, non-root, uid 0, and dropping ALL capabilities. Returns one line per violation.
 */
final class RestrictedProfile {
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private RestrictedProfile() {}

    static List<String> violations(PodSpec pod) {
        List<String> found = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            found.add("hostNetwork");
        }
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            found.add("hostPID");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("hostIPC");
        }
        for (Volume volume : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!ALLOWED_VOLUMES.contains(type)) {
                found.add("volume " + volume.getName() + " has type " + type);
            }
        }
        PodSecurityContext podSecurity = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        if (podSecurity.getSysctls() != null) {
            podSecurity.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
                    .forEach(s -> found.add("unsafe pod sysctl " + s.getName()));
        }
        if (Long.valueOf(0).equals(podSecurity.getRunAsUser())) {
            found.add("pod runAsUser 0");
        }
        if (podSecurity.getSeLinuxOptions() != null && !seLinuxAllowed(podSecurity.getSeLinuxOptions().getType(),
                podSecurity.getSeLinuxOptions().getUser(), podSecurity.getSeLinuxOptions().getRole())) {
            found.add("pod seLinuxOptions");
        }
        boolean podNonRoot = Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
        String podSeccomp = seccompType(podSecurity.getSeccompProfile());
        if ("Unconfined".equals(podSeccomp)) {
            found.add("pod seccompProfile Unconfined");
        }
        for (Container container : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
            found.addAll(containerViolations(container, podNonRoot, podSeccomp));
        }
        return found;
    }

    /** The container checks, given what the pod level already sets. */
    static List<String> containerViolations(Container container, boolean podNonRoot, String podSeccomp) {
        List<String> found = new ArrayList<>();
        String name = "container " + container.getName() + ": ";
        SecurityContext security = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        if (Boolean.TRUE.equals(security.getPrivileged())) {
            found.add(name + "privileged");
        }
        if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            found.add(name + "allowPrivilegeEscalation != false");
        }
        Capabilities capabilities = security.getCapabilities() == null ? new Capabilities() : security.getCapabilities();
        if (!capabilities.getDrop().contains("ALL")) {
            found.add(name + "capabilities.drop does not contain ALL");
        }
        capabilities.getAdd().stream().filter(c -> !"NET_BIND_SERVICE".equals(c))
                .forEach(c -> found.add(name + "adds capability " + c));
        if (Boolean.FALSE.equals(security.getRunAsNonRoot()) || (!podNonRoot && !Boolean.TRUE.equals(security.getRunAsNonRoot()))) {
            found.add(name + "runAsNonRoot != true");
        }
        if (Long.valueOf(0).equals(security.getRunAsUser())) {
            found.add(name + "runAsUser 0");
        }
        String seccomp = seccompType(security.getSeccompProfile());
        String effective = seccomp != null ? seccomp : podSeccomp;
        if (!"RuntimeDefault".equals(effective) && !"Localhost".equals(effective)) {
            found.add(name + "seccompProfile " + effective);
        }
        if (security.getProcMount() != null && !"Default".equals(security.getProcMount())) {
            found.add(name + "procMount " + security.getProcMount());
        }
        if (security.getSeLinuxOptions() != null && !seLinuxAllowed(security.getSeLinuxOptions().getType(),
                security.getSeLinuxOptions().getUser(), security.getSeLinuxOptions().getRole())) {
            found.add(name + "seLinuxOptions");
        }
        container.getPorts().stream().filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
                .forEach(p -> found.add(name + "hostPort " + p.getHostPort()));
        return found;
    }

    private static boolean seLinuxAllowed(String type, String user, String role) {
        return (type == null || Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t").contains(type))
                && user == null && role == null;
    }

    private static String seccompType(SeccompProfile profile) {
        return profile == null ? null : profile.getType();
    }

    /** The name of the one volume source that is set, from the volume's JSON form. */
    private static String volumeType(Volume volume) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(volume, Map.class);
        return fields.keySet().stream().filter(k -> !"name".equals(k)).findFirst().orElse("(none)");
    }
}
