package dev.ovl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The headless CLI jar: runnable with {@code java -jar}, self-contained, no JavaFX, no logging config file. */
class OvlJarIT {
  @Test
  void versionRunsFromTheJarAlone() throws Exception {
    Run r = Run.ovlJar("--version");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("ovl " + System.getProperty("ovl.version"));
    assertThat(r.err()).as("logging must stay quiet when nothing is wrong").isEmpty();
  }

  @Test
  void holdsTheCliAndItsDependenciesButNoJavaFxNorLogbackXml() throws IOException {
    List<String> names;
    try (ZipFile zip = new ZipFile(Run.JAR.toFile())) {
      names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
    assertThat(names).contains("dev/ovl/cli/Main.class", "picocli/CommandLine.class",
        "com/sun/jna/linux-x86-64/libjnidispatch.so", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
    assertThat(names).noneMatch(n -> n.startsWith("javafx/") || n.startsWith("com/sun/javafx/")
        || n.startsWith("dev/ovl/gui/"));
    assertThat(names).noneMatch(n -> n.equals("logback.xml") || n.equals("logback-test.xml")
        || n.endsWith("/logback.xml"));
    assertThat(names).noneMatch(n -> n.startsWith("com/sun/jna/win32-") || n.startsWith("com/sun/jna/darwin"));
  }

  @Test
  void badUsageIsOneLineAndExitCodeTwo() throws Exception {
    Run r = Run.ovlJar("no-such-command");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElse("")).startsWith("ovl: ").contains("no-such-command");
  }

  @Test
  void statusOnATempRoot() throws Exception {
    Root.require();
    try (Scratch tmp = Scratch.create("ovl-jar-it")) {
      Run r = Run.ovlJar("--root", tmp.resolve("root").toString(), "--runroot", tmp.resolve("run").toString(),
          "status");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("Home: " + tmp.resolve("root/overlay"), "Backing Filesystem: ", "Layers: 0");
    }
  }
}
