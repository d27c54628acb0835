package io.cometmq.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret in the resource's namespace. */
public class SecretKeyRefSpec {
    public static final String DEFAULT_KEY = "password";

    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
    @Required
    @Size(min = 1, max = 253)
    @Pattern(SecuritySpec.SECRET_NAME)
    private String name;

    @JsonPropertyDescription("Key in the Secret. Default password.")
    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    @Default(DEFAULT_KEY)
    private String key = DEFAULT_KEY;

    public SecretKeyRefSpec() {
    }

    public SecretKeyRefSpec(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}
