package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a broker keeps its commit log: a PersistentVolumeClaim per pod, or an emptyDir when ephemeral.
 *
 * <p>"size may not shrink" is not a CEL rule: comparing quantities needs CEL's quantity library, which API servers
 * before 1.29 lack. The operator refuses a smaller size against the live claims instead (SpecChecker,
 * StorageChangeRefused) before changing anything.
 */
@ValidationRule(value = "has(self.storageClassName) == has(oldSelf.storageClassName)"
        + " && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
        message = "storage.storageClassName is immutable")
@ValidationRule(value = "self.ephemeral == oldSelf.ephemeral", message = "storage.ephemeral is immutable")
public class StorageSpec {

    @JsonPropertyDescription("Volume size per broker pod (Kubernetes quantity, e.g. 50Gi). May grow, never shrink.")
    @Size(max = 32)
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
    @Default("10Gi")
    private String size = "10Gi";

    @JsonPropertyDescription("StorageClass of the claims; empty means the cluster default. Immutable.")
    @Size(max = 253)
    private String storageClassName;

    @JsonPropertyDescription("Use an emptyDir instead of claims: data is lost when a pod moves. For development only. Immutable.")
    @Default("false")
    private boolean ephemeral = false;

    public String getSize() { return size; }
    public void setSize(String size) { this.size = size; }
    public String getStorageClassName() { return storageClassName; }
    public void setStorageClassName(String storageClassName) { this.storageClassName = storageClassName; }
    public boolean isEphemeral() { return ephemeral; }
    public void setEphemeral(boolean ephemeral) { this.ephemeral = ephemeral; }
}
