package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/** A fresh {@code ovl} process logs through {@link LogProvider}; a program using the core jar does not. */
class LogProviderTest {
  private static Procs.Result ovl(Scratch s, String... args) throws Exception {
    // logback's own set-up would read this file and print its status lines; ovl's provider never runs it
    Path conf = Files.writeString(s.resolve("logback.xml"), "<configuration debug=\"true\"/>\n");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlogback.configurationFile=" + conf, "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main", "--root", s.resolve("root").toString(),
        "--runroot", s.resolve("run").toString()));
    cmd.addAll(List.of(args));
    return Procs.run(s, new ProcessBuilder(cmd), null);
  }

  @Test
  void debugLinesGoToStderrWithoutSlf4jNotices() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("log-provider")) {
      Procs.Result r = ovl(s, "--log-level", "debug", "status");
      assertThat(r.code).as(r.toString()).isZero();
      assertThat(r.out + r.err).as(r.toString()).doesNotContain("SLF4J").doesNotContain("logback");
      assertThat(r.err).as(r.toString()).contains("DEBUG[");
      assertThat(r.err.lines()).as(r.toString()).allMatch(l -> l.startsWith("DEBUG[") || l.startsWith("INFO["));
    }
  }

  @Test
  void quietByDefault() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("log-provider")) {
      Procs.Result r = ovl(s, "status");
      assertThat(r.code).as(r.toString()).isZero();
      assertThat(r.err).as(r.toString()).isEmpty();
      assertThat(r.out).as(r.toString()).doesNotContain("logback");
    }
  }

  @Test
  void notOfferedToOtherPrograms() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream().map(p -> p.type().getName()))
        .doesNotContain(LogProvider.class.getName()).isNotEmpty();
  }
}
