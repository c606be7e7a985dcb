package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `changes` prints a name that is not UTF-8 as its own bytes, and `--json` as Go's JSON does (U+FFFD per byte). */
class NotUtf8CliTest {
  @Test
  void changesPrintTheNamesBytes() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("cli-notutf8")) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      Path src = Files.createDirectories(s.resolve("src"));
      Path tar = s.resolve("l.tar");
      Process p = new ProcessBuilder("sh", "-c", "cd \"$1\" && printf x > \"$(printf 'caf\\351')\" && printf y > ok"
          + " && tar --format=posix -cf \"$2\" .", "sh", src.toString(), tar.toString()).inheritIO().start();
      assertThat(p.waitFor()).isZero();
      assertThat(CliRun.of(root, run, "create", "--id", "base").code).isZero();
      CliRun applied = CliRun.of(root, run, "apply-diff", "base", tar.toString());
      assertThat(applied.code).as(applied.toString()).isZero();
      assertThat(applied.out.strip()).isEqualTo("2");

      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.ovl.cli.Main", "--root", root.toString(),
          "--runroot", run.toString(), "changes", "base"));
      Process c = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = c.getInputStream().readAllBytes();
      assertThat(c.waitFor()).isZero();
      assertThat(new String(out, StandardCharsets.ISO_8859_1)).isEqualTo("A /caf\u00e9\nA /ok\n");

      CliRun json = CliRun.of(root, run, "--json", "changes", "base");
      assertThat(json.code).as(json.toString()).isZero();
      assertThat(new ObjectMapper().readTree(json.out).get(0).get("path").asText()).isEqualTo("/caf\uFFFD");
    }
  }
}
