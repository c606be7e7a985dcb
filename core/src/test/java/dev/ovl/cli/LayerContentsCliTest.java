package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** apply-diff, diff, changes, diff-size and update-id-map through the CLI, with GNU tar making the input. */
class LayerContentsCliTest {
  @Test
  void layerContentsThroughTheCli() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("cli-contents")) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      Path src = Files.createDirectories(s.resolve("src/etc"));
      Files.writeString(src.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
      Files.writeString(src.resolve("gone"), "bye");
      Path base = tar(s, "base.tar", s.resolve("src"));
      Path c = Files.createDirectories(s.resolve("child/etc"));
      Files.writeString(c.resolve("hosts"), "127.0.0.1 localhost\n");
      Files.writeString(c.resolve(".wh.gone"), "");
      Path child = tar(s, "child.tar", s.resolve("child"));

      ok(root, run, "create", "--id", "base");
      ok(root, run, "create", "--id", "child", "--parent", "base");
      assertThat(ok(root, run, "apply-diff", "base", base.toString()).strip()).isEqualTo("29");
      assertThat(ok(root, run, "apply-diff", "--parent", "base", "child", child.toString()).strip())
          .isEqualTo("20");
      assertThat(ok(root, run, "changes", "--parent", "base", "child"))
          .isEqualTo("C /etc\nD /etc/gone\nA /etc/hosts\n");
      JsonNode json = new ObjectMapper().readTree(ok(root, run, "--json", "changes", "--parent", "base", "child"));
      assertThat(json.get(1).get("kind").asText()).isEqualTo("D");
      assertThat(ok(root, run, "diff-size", "--parent", "base", "child").strip()).isEqualTo("20");

      Path out = s.resolve("out/child.tar");
      Files.createDirectories(out.getParent());
      ok(root, run, "diff", "--parent", "base", "child", "-f", out.toString());
      assertThat(list(out)).containsExactly("etc/", "etc/.wh.gone", "etc/hosts");

      CliRun missing = CliRun.of(root, run, "diff", "nosuchlayer", "-f", s.resolve("out/none.tar").toString());
      assertThat(missing.code).isEqualTo(1);
      try (Stream<Path> files = Files.list(out.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("child.tar");
      }

      Path hostile = s.resolve("hostile.tar");
      Files.writeString(s.resolve("x"), "x");
      run("tar", "-C", s.path().toString(), "-P", "--transform", "s,^,../,", "-cf", hostile.toString(), "x");
      ok(root, run, "create", "--id", "victim");
      CliRun refused = CliRun.of(root, run, "apply-diff", "victim", hostile.toString());
      assertThat(refused.code).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err.strip()).startsWith("ovl: refused tar entry \"../x\"").doesNotContain("\n");
      try (Stream<Path> files = Files.list(root.resolve("overlay/victim/diff"))) {
        assertThat(files).isEmpty();
      }

      ok(root, run, "update-id-map", "base", "--to-uidmap", "0:1000:65536", "--to-gidmap", "0:2000:65536");
      Path dir = root.resolve("overlay/base");
      assertThat(Files.isDirectory(dir.resolve("diff1"))).isTrue();
      try (Stream<Path> files = Files.list(dir.resolve("diff"))) {
        assertThat(files).isEmpty();
      }
      assertThat(Files.getAttribute(dir.resolve("diff1/etc/passwd"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(1000);
      assertThat(Files.getAttribute(dir.resolve("diff1/etc/passwd"), "unix:gid", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(2000);
    }
  }

  private static String ok(Path root, Path run, String... args) {
    CliRun r = CliRun.of(root, run, args);
    assertThat(r.code).as(r.toString()).isZero();
    return r.out;
  }

  private static Path tar(Scratch s, String name, Path dir) throws IOException, InterruptedException {
    Path t = s.resolve(name);
    run("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", dir.toString(), "-cf", t.toString(), "etc");
    return t;
  }

  private static java.util.List<String> list(Path tar) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("tar", "-tf", tar.toString()).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().toList();
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
  }
}
