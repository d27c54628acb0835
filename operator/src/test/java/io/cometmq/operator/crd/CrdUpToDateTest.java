package io.cometmq.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in crds/ must be exactly what crd-generator-maven-plugin produced from the Java model in this
 * build. After changing the model, re-approve with {@code mvn -pl operator verify -Dcrd.update=true}.
 */
class CrdUpToDateTest {
  static final String FILE = "brokerclusters.cometmq.io-v1.yml";

  @Test
  void checkedInCrdMatchesTheGeneratedOne() throws IOException {
    Path generated = Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"), FILE);
    Path checkedIn = Path.of(System.getProperty("crds.dir", "../crds"), FILE);
    String fresh = Files.readString(generated);
    if (Boolean.getBoolean("crd.update")) {
      Files.createDirectories(checkedIn.getParent());
      Files.writeString(checkedIn, fresh);
    }
    assertThat(checkedIn).as("crds/%s is stale: run mvn -pl operator verify -Dcrd.update=true", FILE).exists();
    assertThat(Files.readString(checkedIn))
        .as("crds/%s differs from the generated CRD: run mvn -pl operator verify -Dcrd.update=true", FILE)
        .isEqualTo(fresh);
  }

  @Test
  void crdCarriesTheCelRulesPrinterColumnsAndStatusSubresource() throws IOException {
    String crd = Files.readString(Path.of(System.getProperty("generated.crds.dir", "target/classes/META-INF/fabric8"), FILE));
    assertThat(crd)
        .contains("storage.size may not shrink")
        .contains("replicationMode SYNC needs slavesPerGroup >= 1")
        .contains("shortNames:", "- \"bc\"", "- \"cmq\"")
        .contains("name: \"Ready\"", "name: \"NameServers\"", "name: \"Groups\"", "name: \"Age\"")
        .contains("status: {}");
  }
}
