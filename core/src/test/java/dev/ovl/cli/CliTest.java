package dev.ovl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ovl.natives.MountInfo;
import dev.ovl.testing.Root;
import dev.ovl.testing.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every command of issue #2's CLI against a scratch store, with its output and exit code. */
class CliTest {
  @Test
  void helpAndVersionNeedNoStore() {
    CliRun help = CliRun.raw("--help");
    assertThat(help.code).isZero();
    assertThat(help.out).contains("status", "layers", "create", "rm", "mount", "unmount", "metadata",
        "recreate-links");
    assertThat(help.out).contains("gui", "apply-diff", "diff", "changes", "diff-size", "update-id-map", "check",
        "repair");
    assertThat(CliRun.raw("--version").out).startsWith("ovl ");
    CliRun sub = CliRun.raw("umount");
    assertThat(sub.code).as(sub.toString()).isEqualTo(2);
    assertThat(sub.err).contains("Missing required parameter: 'ID'", "ovl unmount --help");
    CliRun subHelp = CliRun.raw("unmount", "--help"); // what that hint says, without the ID it asks for
    assertThat(subHelp.code).as(subHelp.toString()).isZero();
    assertThat(subHelp.out).startsWith("Usage: ovl unmount").contains("--force");
    assertThat(CliRun.raw("status", "status").code).isEqualTo(2);
    CliRun bad = CliRun.raw("--bogus");
    assertThat(bad.code).isEqualTo(2);
    assertThat(bad.err).startsWith("ovl: Unknown option: '--bogus'");
  }

  @Test
  void lifecycleThroughTheCli() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("cli")) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      CliRun status = CliRun.of(root, run, "status");
      assertThat(status.code).as(status.toString()).isZero();
      assertThat(status.out).contains("Backing Filesystem: extfs", "Native Overlay Diff: true");
      JsonNode st = new ObjectMapper().readTree(CliRun.of(root, run, "--json", "status").out);
      assertThat(st.get("Supports d_type").asText()).isEqualTo("true");

      assertThat(CliRun.of(root, run, "create", "--id", "base").out.strip()).isEqualTo("base");
      String child = CliRun.of(root, run, "create", "--parent", "base", "--rw").out.strip();
      assertThat(child).matches("[0-9a-f]{64}");

      CliRun layers = CliRun.of(root, run, "layers");
      assertThat(layers.out).contains("base").contains(child);
      JsonNode arr = new ObjectMapper().readTree(CliRun.of(root, run, "layers", "--json").out);
      assertThat(arr).hasSize(2);
      JsonNode c = arr.get(0).get("id").asText().equals("base") ? arr.get(1) : arr.get(0);
      assertThat(c.get("parent").asText()).isEqualTo("base");
      assertThat(c.get("depth").asInt()).isEqualTo(1);

      CliRun mount = CliRun.of(root, run, "mount", child);
      Path merged = Path.of(mount.out.strip());
      assertThat(merged).isEqualTo(root.resolve("overlay").resolve(child).resolve("merged"));
      assertThat(MountInfo.isMountPoint(merged)).isTrue();
      assertThat(CliRun.of(root, run, "--json", "layers").out).contains("\"mounted\" : true");

      CliRun meta = CliRun.of(root, run, "metadata", child);
      assertThat(meta.out).contains("LowerDir: " + root.resolve("overlay/base/diff"));

      assertThat(CliRun.of(root, run, "unmount", child).code).isZero();
      assertThat(MountInfo.isMountPoint(merged)).isFalse();

      CliRun ro = CliRun.of(root, run, "mount", "--ro", "--option", "nodev", child);
      assertThat(MountInfo.at(Path.of(ro.out.strip())).get(0).options()).contains("ro", "nodev");
      CliRun.of(root, run, "umount", child);

      CliRun refused = CliRun.of(root, run, "rm", "base");
      assertThat(refused.code).isEqualTo(1);
      assertThat(refused.err).contains("is the parent of " + child).doesNotContain("\n\tat ");
      CliRun noTty = CliRun.of(root, run, "rm", child);
      assertThat(noTty.err).contains("use --force");
      assertThat(root.resolve("overlay").resolve(child)).isDirectory();

      Path l = root.resolve("overlay/l");
      Scratch.deleteTree(l);
      CliRun relink = CliRun.of(root, run, "recreate-links");
      assertThat(relink.code).isZero();
      assertThat(relink.out).contains("created l/" + Files.readString(root.resolve("overlay/base/link")));

      assertThat(CliRun.of(root, run, "rm", "--force", child).code).isZero();
      assertThat(CliRun.of(root, run, "rm", "-f", "base").code).isZero();
      assertThat(CliRun.of(root, run, "layers", "--json").out.strip()).isEqualTo("[ ]");
    }
  }

  @Test
  void errorsAreOneLine() throws Exception {
    Root.require();
    try (Scratch s = Scratch.create("clierr")) {
      Path root = s.resolve("root");
      Path run = s.resolve("run");
      for (String[] args : new String[][] {
          {"mount", "nope"}, {"create", "--id", "a/b"}, {"create", "--parent", "missing"},
          {"-o", "overlay.nope=1", "status"}, {"metadata", ".."}, {"unmount", "nope"}}) {
        CliRun r = CliRun.of(root, run, args);
        assertThat(r.code).as(String.join(" ", args)).isEqualTo(1);
        assertThat(r.err.strip()).as(String.join(" ", args)).startsWith("ovl: ").doesNotContain("\n");
      }
      CliRun debug = CliRun.of(root, run, "--log-level", "debug", "mount", "nope");
      assertThat(debug.err).contains("at dev.ovl.");
    }
  }

  @Test
  void jdkFileErrorsSayWhatWentWrongNotJustThePath() {
    assertThat(Errors.oneLine(new java.nio.file.NoSuchFileException("/x/staging/y")))
        .isEqualTo("no such file or directory: /x/staging/y");
    assertThat(Errors.oneLine(new java.nio.file.FileAlreadyExistsException("/x/a", "/x/b", null)))
        .isEqualTo("already exists: /x/a -> /x/b");
    assertThat(Errors.oneLine(new java.nio.file.FileSystemException("/x", null, "Read-only file system")))
        .isEqualTo("Read-only file system: /x");
  }
}
